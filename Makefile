# scamcheck: `make` builds build/scamcheck, `make check` runs every test.
CC ?= cc
CFLAGS ?= -O2 -g
PKGS = libpcre2-8 yaml-0.1 libcjson
# Debian package for each pkg-config name.
DEB_libpcre2-8 = libpcre2-dev
DEB_yaml-0.1 = libyaml-dev
DEB_libcjson = libcjson-dev

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# -fPIC: the same objects make the static and the shared library.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fPIC -Wall -Wextra -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
VERSION = $(shell sed -n 's/^\#define SCAMCHECK_VERSION "\(.*\)"/\1/p' include/scamcheck.h)
PREFIX ?= /usr/local
DESTDIR ?=
# Where objects and programs go; `make sanitize` builds into build-san instead.
BUILD = build
LDLIBS = $(PKG_LIBS) -lpthread

ENGINE = util yaml_doc rules atoms prefilter transcript formats facts language match score check
CLI = main options config input report walk jobs live
ENGINE_OBJ = $(ENGINE:%=$(BUILD)/obj/%.o) $(BUILD)/obj/builtin_rules.o
# The built-in rule set becomes C data at build time (tools/gen-builtin).
LIB_OBJ = $(ENGINE_OBJ) $(BUILD)/obj/builtin_table.o
CLI_OBJ = $(CLI:%=$(BUILD)/obj/%.o)
RULE_FILES = rules/signs.yaml $(filter-out rules/signs.yaml,$(sort $(wildcard rules/*.yaml)))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-check deps-bench deps-test check install uninstall fuzz build-all clean eval bench example
.DEFAULT_GOAL := all

# The first two targets make sure the libraries are there, then build in a
# sub-make so that pkg-config is asked again after an install.
all: deps-check
	@$(MAKE) --no-print-directory build-all

check: deps-check deps-test
	@$(MAKE) --no-print-directory build-all
	@SCAMCHECK_BUILD=$(BUILD) sh tests/run

# make sanitize: everything (binary, libraries, unit tests, test programs) rebuilt
# in build-san with AddressSanitizer, LeakSanitizer and UBSan, then the whole suite
# against it. Sanitizer reports go to build-san/sanitizer/ (tests/run sets
# log_path); each one is a failure, and a process that has one exits 86.
SAN_BUILD = build-san
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# clang when there is one: gcc's UBSan ignores log_path and only prints to
# stderr, so with gcc a UBSan report counts only where a test looks at the
# exit status (86) or stderr.
SAN_DEFAULT_CC := $(CC)
SAN_CC = $(shell command -v clang >/dev/null 2>&1 && echo clang || echo $(SAN_DEFAULT_CC))
ifeq ($(BUILD),$(SAN_BUILD))
CC = $(SAN_CC)
CFLAGS = -O1 -g $(SAN_FLAGS)
LDFLAGS = $(SAN_FLAGS)
endif
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=86:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
sanitize: deps-check deps-test
	@$(SAN_ENV) $(MAKE) --no-print-directory build-all BUILD=$(SAN_BUILD)
	@$(SAN_ENV) SCAMCHECK_BUILD=$(SAN_BUILD) SCAMCHECK_TEST_CC=$(SAN_CC) SCAMCHECK_TEST_CFLAGS="$(SAN_FLAGS)" sh tests/run

# make valgrind: the suite against the normal build, with scamcheck and the unit
# tests run under Memcheck (tests/run wraps them in VALGRIND; logs in
# build/valgrind/). A leak (definite or indirect) or memory error is a failure.
VALGRIND = valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99
valgrind: all deps-test
	@SCAMCHECK_WRAP="$(VALGRIND)" sh tests/run

deps-check:
	@pkg-config --exists $(PKGS) 2>/dev/null || $(MAKE) --no-print-directory deps

deps:
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="pkg-config"; \
	for p in $(PKGS); do \
	  pkg-config --exists $$p 2>/dev/null || case $$p in \
	    libpcre2-8) missing="$$missing $(DEB_libpcre2-8)";; \
	    yaml-0.1) missing="$$missing $(DEB_yaml-0.1)";; \
	    libcjson) missing="$$missing $(DEB_libcjson)";; \
	  esac; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all libraries present"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; }; \
	else \
	  echo "deps: missing libraries; run as root:"; \
	  echo "  sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

build-all: $(BUILD)/scamcheck $(BUILD)/libscamcheck.a $(BUILD)/libscamcheck.so $(UNIT_TESTS) $(BUILD)/tests/fixtures $(BUILD)/tests/jsonq

$(BUILD)/obj $(BUILD)/tests:
	@mkdir -p $@

$(BUILD)/obj/%.o: src/%.c src/internal.h src/cli.h include/scamcheck.h Makefile | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The list of rule files, rewritten only when it changes, so that removing
# or renaming a file rebuilds the built-in set as adding one does.
$(BUILD)/rule-files: FORCE | $(BUILD)/obj
	@echo '$(RULE_FILES)' | cmp -s - $@ || echo '$(RULE_FILES)' >$@

$(BUILD)/builtin_rules.c: tools/embed-rules.sh $(RULE_FILES) $(BUILD)/rule-files | $(BUILD)/obj
	sh tools/embed-rules.sh $@ $(RULE_FILES)

$(BUILD)/obj/builtin_rules.o: $(BUILD)/builtin_rules.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tools/gen-builtin: tools/gen-builtin.c tools/no-table.c $(ENGINE_OBJ)
	@mkdir -p $(BUILD)/tools
	$(CC) $(ALL_CFLAGS) -o $@ tools/gen-builtin.c tools/no-table.c $(ENGINE_OBJ) $(LDLIBS)

$(BUILD)/builtin_table.c: $(BUILD)/tools/gen-builtin
	$(BUILD)/tools/gen-builtin >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/builtin_table.o: $(BUILD)/builtin_table.c src/internal.h | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libscamcheck.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libscamcheck.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -Wl,-soname,libscamcheck.so.0 -o $@ $^ $(LDLIBS)

$(BUILD)/scamcheck: $(CLI_OBJ) $(BUILD)/libscamcheck.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libscamcheck.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libscamcheck.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libscamcheck.a $(LDLIBS)

$(BUILD)/tests/fixtures: tests/fixtures.c | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Wno-format-truncation -o $@ $< $(LDLIBS)

$(BUILD)/tests/jsonq: tests/jsonq.c | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

# Builds and checks the bundled example call (the README's first command).
example: all
	@echo "$$ $(BUILD)/scamcheck examples/article-call.txt"
	@$(BUILD)/scamcheck examples/article-call.txt; rc=$$?; [ $$rc -le 1 ] || exit $$rc

build/tools/maxrss: tools/maxrss.c
	@mkdir -p build/tools
	$(CC) $(ALL_CFLAGS) -o $@ $<

# Throughput against ripgrep, memory, start-up (tools/bench.sh).
bench: all deps-bench build/tools/maxrss
	@sh tools/bench.sh

# GNU parallel for the test that runs scamcheck under parallel --pipe.
deps-test:
	@command -v parallel >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q parallel || \
	    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q parallel; }; \
	  else echo "tests: GNU parallel missing; run: sudo apt-get install -y parallel"; fi; }

# ripgrep for the comparison (as root; otherwise the command to run).
deps-bench:
	@command -v rg >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q ripgrep || \
	    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ripgrep; }; \
	  else echo "bench: ripgrep missing; run: sudo apt-get install -y ripgrep"; fi; }

# Detection quality on the labelled corpus beside the project.
eval: all
	@sh tools/eval.sh $(CORPUS)

# libFuzzer targets (clang), built from the same sources with AddressSanitizer:
# make fuzz FUZZ_SECONDS=60 runs each for that long on its seed folder.
FUZZ_SECONDS ?= 30
FUZZ_SRC = $(ENGINE:%=src/%.c) build/builtin_rules.c build/builtin_table.c
build/fuzz/%: tests/fuzz/%.c $(FUZZ_SRC) src/internal.h include/scamcheck.h
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc $(PKG_CFLAGS) \
	  -o $@ $< $(FUZZ_SRC) $(LDLIBS)

FUZZ_TARGETS = fuzz_transcript fuzz_check fuzz_rules
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
fuzz: all $(FUZZ_TARGETS:%=build/fuzz/%)
	@mkdir -p build/fuzz/corpus-transcript build/fuzz/corpus-check build/fuzz/corpus-rules
	@for f in tests/fixtures/*.txt tests/fixtures/*.srt tests/fixtures/*.vtt tests/fixtures/*.json examples/*.txt; do \
	  for k in 0 1 2 3 4; do { printf "\\$$k"; cat "$$f"; } >build/fuzz/corpus-transcript/$$k-$$(basename "$$f"); done; done
	@cp tests/fixtures/*.txt tests/fixtures/*.srt tests/fixtures/*.vtt tests/fixtures/*.json examples/*.txt build/fuzz/corpus-check/
	@cp rules/*.yaml tests/cli/*.yaml build/fuzz/corpus-rules/
	build/fuzz/fuzz_transcript $(FUZZ_FLAGS) build/fuzz/corpus-transcript
	build/fuzz/fuzz_check $(FUZZ_FLAGS) build/fuzz/corpus-check
	build/fuzz/fuzz_rules $(FUZZ_FLAGS) build/fuzz/corpus-rules

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its man page and
# completion, the rule files, and the library with its header and pkg-config.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/scamcheck/rules $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/scamcheck $(DESTDIR)$(PREFIX)/bin/scamcheck
	install -m 644 doc/scamcheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/scamcheck.1
	install -m 644 $(RULE_FILES) rules/README.md $(DESTDIR)$(PREFIX)/share/scamcheck/rules/
	install -m 644 include/scamcheck.h $(DESTDIR)$(PREFIX)/include/scamcheck.h
	install -m 644 $(BUILD)/libscamcheck.a $(DESTDIR)$(PREFIX)/lib/libscamcheck.a
	install -m 755 $(BUILD)/libscamcheck.so $(DESTDIR)$(PREFIX)/lib/libscamcheck.so.$(VERSION)
	ln -sf libscamcheck.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libscamcheck.so.0
	ln -sf libscamcheck.so.0 $(DESTDIR)$(PREFIX)/lib/libscamcheck.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' doc/scamcheck.pc.in \
	  >$(DESTDIR)$(PREFIX)/lib/pkgconfig/scamcheck.pc
	install -m 644 doc/scamcheck.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/scamcheck

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/scamcheck $(DESTDIR)$(PREFIX)/share/man/man1/scamcheck.1 \
	  $(DESTDIR)$(PREFIX)/include/scamcheck.h $(DESTDIR)$(PREFIX)/lib/libscamcheck.a \
	  $(DESTDIR)$(PREFIX)/lib/libscamcheck.so $(DESTDIR)$(PREFIX)/lib/libscamcheck.so.0 \
	  $(DESTDIR)$(PREFIX)/lib/libscamcheck.so.$(VERSION) \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/scamcheck.pc \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/scamcheck
	rm -rf $(DESTDIR)$(PREFIX)/share/scamcheck

clean:
	rm -rf build build-san

FORCE:
