#!/bin/sh
# make install into a DESTDIR, then a program of our own built against the
# installed header and library with pkg-config, then make uninstall.
cd "$(dirname "$0")/.." || exit 2
. tests/lib.sh
D=$T/root
# SCAMCHECK_TEST_CC, SCAMCHECK_TEST_CFLAGS (make sanitize): the compiler and
# sanitizer flags of the build, for a program
# linked against the sanitized library.
make -s install BUILD="$B" DESTDIR="$D" PREFIX=/usr >"$T/log" 2>&1
check "make install succeeds" test $? = 0
for f in bin/scamcheck share/man/man1/scamcheck.1 share/scamcheck/rules/signs.yaml include/scamcheck.h \
    lib/libscamcheck.a lib/libscamcheck.so lib/libscamcheck.so.0 lib/pkgconfig/scamcheck.pc \
    share/bash-completion/completions/scamcheck; do
    check "installs $f" test -e "$D/usr/$f"
done
run "$D/usr/bin/scamcheck" --version
check "the installed binary runs" grep -q '^scamcheck ' "$T/out"
run "$D/usr/bin/scamcheck" "$PWD/examples/article-call.txt"
check "the installed binary needs no rule files" test "$st" = 1

# The embedding example, against the installed files only.
PC="pkg-config --define-variable=prefix=$D/usr"
export PKG_CONFIG_PATH="$D/usr/lib/pkgconfig"
check "pkg-config knows scamcheck" $PC --exists scamcheck
${SCAMCHECK_TEST_CC:-cc} $SCAMCHECK_TEST_CFLAGS examples/embed.c $($PC --cflags --libs scamcheck) -o "$T/embed-shared" 2>"$T/err"
check "the example builds against the shared library" test -x "$T/embed-shared"
LD_LIBRARY_PATH="$D/usr/lib" "$T/embed-shared" examples/article-call.txt >"$T/out"
check "the example runs: verdict and signs" grep -q '^scam 100 unsolicited(line 4)' "$T/out"
${SCAMCHECK_TEST_CC:-cc} $SCAMCHECK_TEST_CFLAGS examples/embed.c $($PC --cflags scamcheck) "$D/usr/lib/libscamcheck.a" \
    $(pkg-config --libs libpcre2-8 yaml-0.1 libcjson) -lpthread -o "$T/embed-static" 2>"$T/err"
run "$T/embed-static" examples/short-tech-support.txt
check "the example builds against the static library" sh -c "test $st = 1 && grep -q '^scam ' '$T/out'"
if command -v man >/dev/null 2>&1; then
    check "the man page renders" sh -c "man -l '$D/usr/share/man/man1/scamcheck.1' 2>/dev/null | grep -q 'EXIT STATUS'"
fi
check "the completion script loads in bash" bash -c ". '$D/usr/share/bash-completion/completions/scamcheck' && complete -p scamcheck"
for opt in $("$B/scamcheck" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" doc/scamcheck.1 || fail "the man page covers $opt" "missing"
done
ok "the man page covers every option of --help"

make -s uninstall BUILD="$B" DESTDIR="$D" PREFIX=/usr >"$T/log" 2>&1
check "make uninstall removes every file" test -z "$(find "$D" -type f -o -type l)"
