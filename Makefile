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
LDLIBS = $(PKG_LIBS) -lpthread

ENGINE = util yaml_doc rules atoms prefilter transcript formats facts language match score check
CLI = main options config input report walk jobs live
ENGINE_OBJ = $(ENGINE:%=build/obj/%.o) build/obj/builtin_rules.o
# The built-in rule set becomes C data at build time (tools/gen-builtin).
LIB_OBJ = $(ENGINE_OBJ) build/obj/builtin_table.o
CLI_OBJ = $(CLI:%=build/obj/%.o)
RULE_FILES = rules/signs.yaml $(filter-out rules/signs.yaml,$(sort $(wildcard rules/*.yaml)))
UNIT_TESTS = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-check deps-bench deps-test check install uninstall fuzz build-all clean eval bench example
.DEFAULT_GOAL := all

# The first two targets make sure the libraries are there, then build in a
# sub-make so that pkg-config is asked again after an install.
all: deps-check
	@$(MAKE) --no-print-directory build-all

check: deps-check deps-test
	@$(MAKE) --no-print-directory build-all
	@sh tests/run

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

build-all: build/scamcheck build/libscamcheck.a build/libscamcheck.so $(UNIT_TESTS) build/tests/fixtures build/tests/jsonq

build/obj build/tests:
	@mkdir -p $@

build/obj/%.o: src/%.c src/internal.h src/cli.h include/scamcheck.h Makefile | build/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/builtin_rules.c: tools/embed-rules.sh $(RULE_FILES) | build/obj
	sh tools/embed-rules.sh $@ $(RULE_FILES)

build/obj/builtin_rules.o: build/builtin_rules.c | build/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/tools/gen-builtin: tools/gen-builtin.c tools/no-table.c $(ENGINE_OBJ)
	@mkdir -p build/tools
	$(CC) $(ALL_CFLAGS) -o $@ tools/gen-builtin.c tools/no-table.c $(ENGINE_OBJ) $(LDLIBS)

build/builtin_table.c: build/tools/gen-builtin
	build/tools/gen-builtin >$@.tmp && mv $@.tmp $@

build/obj/builtin_table.o: build/builtin_table.c src/internal.h | build/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/libscamcheck.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

build/libscamcheck.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libscamcheck.so.0 -o $@ $^ $(LDLIBS)

build/scamcheck: $(CLI_OBJ) build/libscamcheck.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) build/libscamcheck.a $(LDLIBS)

build/tests/%: tests/unit/%.c tests/unit/unit.h build/libscamcheck.a | build/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< build/libscamcheck.a $(LDLIBS)

build/tests/fixtures: tests/fixtures.c | build/tests
	$(CC) $(ALL_CFLAGS) -Wno-format-truncation -o $@ $< $(LDLIBS)

build/tests/jsonq: tests/jsonq.c | build/tests
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

# Builds and checks the bundled example call (the README's first command).
example: all
	@echo "$$ build/scamcheck examples/article-call.txt"
	@build/scamcheck examples/article-call.txt; rc=$$?; [ $$rc -le 1 ] || exit $$rc

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

fuzz: all build/fuzz/fuzz_check build/fuzz/fuzz_rules
	@mkdir -p build/fuzz/corpus-check build/fuzz/corpus-rules
	@cp tests/fixtures/*.txt tests/fixtures/*.srt tests/fixtures/*.vtt tests/fixtures/*.json examples/*.txt build/fuzz/corpus-check/
	@cp rules/*.yaml tests/cli/*.yaml build/fuzz/corpus-rules/
	build/fuzz/fuzz_check -max_total_time=$(FUZZ_SECONDS) -max_len=16384 build/fuzz/corpus-check
	build/fuzz/fuzz_rules -max_total_time=$(FUZZ_SECONDS) -max_len=16384 build/fuzz/corpus-rules

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its man page and
# completion, the rule files, and the library with its header and pkg-config.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/scamcheck/rules $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 build/scamcheck $(DESTDIR)$(PREFIX)/bin/scamcheck
	install -m 644 doc/scamcheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/scamcheck.1
	install -m 644 $(RULE_FILES) rules/README.md $(DESTDIR)$(PREFIX)/share/scamcheck/rules/
	install -m 644 include/scamcheck.h $(DESTDIR)$(PREFIX)/include/scamcheck.h
	install -m 644 build/libscamcheck.a $(DESTDIR)$(PREFIX)/lib/libscamcheck.a
	install -m 755 build/libscamcheck.so $(DESTDIR)$(PREFIX)/lib/libscamcheck.so.$(VERSION)
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
	rm -rf build
