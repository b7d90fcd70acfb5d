# bash completion for scamcheck
_scamcheck()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
    -f|--format) COMPREPLY=($(compgen -W "text json jsonl sarif" -- "$cur")); return ;;
    --input-format) COMPREPLY=($(compgen -W "text srt vtt whisper-json jsonl" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "suspicious scam never" -- "$cur")); return ;;
    --lang) COMPREPLY=($(compgen -W "en no" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
   
    -j|--jobs|--home-country|--include|--exclude) return ;;
    --rules|--known-numbers|--config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--rules --no-default-rules --list-rules --test-rules --format
            --input-format --fail-on --quiet --files-with-verdict --summary --jobs --hidden
            --include --exclude --follow --lang --home-country --known-numbers --expectations
            --check-expect --color --config --live --max-size --help --version" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _scamcheck scamcheck
