# dossier: GNU make only. `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
           -fvisibility=hidden -fPIC
# One library, the writers linked in (README, "One loader"): the core,
# the EPUB writer with libzip and libxml2, the PDF writer and the EPUB's
# cover and subsets with Cairo, Pango and HarfBuzz. The site patterns call PCRE2 directly (src/read/patterns.c,
# for its bounds of work); GLib loads the same libpcre2-8 anyway. The HTML
# reader parses pages with libxml2 (src/read/html.c).
CORE_PKGS    := glib-2.0 libpcre2-8 zlib yaml-0.1 libxml-2.0
EPUB_PKGS    := libzip libxml-2.0 libdeflate glib-2.0 libpcre2-8 zlib
TYPESET_PKGS := cairo pangocairo pangoft2 harfbuzz harfbuzz-subset \
                fontconfig freetype2 libdeflate glib-2.0 libpcre2-8 zlib
PKGS    := $(CORE_PKGS) $(EPUB_PKGS) $(TYPESET_PKGS)
DEB_PKGS := build-essential pkg-config libzip-dev libcairo2-dev \
           libpango1.0-dev libharfbuzz-dev libxml2-dev libfontconfig-dev \
           libglib2.0-dev libfreetype-dev zlib1g-dev libdeflate-dev libyaml-dev libpcre2-dev libhyphen-dev \
           liblzma-dev libbz2-dev libssl-dev \
           hyphen-en-us hyphen-de hyphen-fr libqpdf-dev qpdf \
           fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core \
           poppler-utils epubcheck default-jre-headless python3 valgrind \
           zip unzip
# What the tests and benchmarks compare against or check with.
DEB_TEST_PKGS := pandoc calibre chromium nodejs npm time mupdf-tools
# What `make fuzz` builds with: clang and its libFuzzer runtime.
DEB_FUZZ_PKGS := clang libclang-rt-14-dev
# What the benchmark runs side by side with ours.
DEB_BENCH_PKGS := pandoc calibre texlive-xetex weasyprint time nodejs npm python3-readability

BUILD   := build
LIB_SRC := $(shell find src -name '*.c' ! -path 'src/bin/*' ! -path 'src/build/*' | sort)
LIB_HDR := $(shell find src -name '*.h' | sort)
READER_DATA := $(sort $(wildcard src/read/data/*.txt))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/sites_conf.o \
           $(READER_DATA:src/read/data/%.txt=$(BUILD)/gen/reader_%.o)
# calibre's plugin: a zip of src/calibre/ (mkzip: libzip, a fixed date).
CALIBRE_SRC := src/calibre/__init__.py
CALIBRE_PLUGIN := $(BUILD)/calibre/dossier-input.zip
BIN_SRC := $(wildcard src/bin/*.c)
BIN_OBJ := $(BIN_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/unit/*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%) \
            $(BUILD)/plugins/plaintext.so

# Where `make install` puts things: the GNU names, under PREFIX.
PREFIX      ?= /usr/local
prefix      ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir      ?= $(exec_prefix)/bin
libdir      ?= $(exec_prefix)/lib
includedir  ?= $(prefix)/include
datarootdir ?= $(prefix)/share
datadir     ?= $(datarootdir)
mandir      ?= $(datarootdir)/man
pkgconfigdir ?= $(libdir)/pkgconfig
bashcompletiondir ?= $(datarootdir)/bash-completion/completions
pkgdatadir  := $(datadir)/dossier
# The library's ABI: the soname's number.
SOVERSION   := 0
VERSION     := $(shell sed -n 's/^\#define DOSSIER_VERSION "\(.*\)"/\1/p' src/dossier.h)

# Flags come from pkg-config once the libraries are there (build/config.mk,
# src/build/config.sh, which only looks and never installs). Targets that
# need no compiler do not read it, so `make help` or `make deps` work on a
# machine with nothing installed.
NO_CONFIG_GOALS := help deps test-deps bench-deps fuzz-deps dossier clean uninstall
ifneq ($(filter-out $(NO_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(BUILD)/config.mk
endif
ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS)
ALL_LIBS   = $(CORE_LIBS) $(EPUB_LIBS) $(TYPESET_LIBS)

.PHONY: all deps test-deps bench-deps fonts dossier check asan asan-build tsan tsan-build valgrind bench regen \
        fuzz fuzz-smoke fuzz-deps fuzz-build clean help install uninstall FORCE
all: bin/dossier $(BUILD)/libdossier.a $(BUILD)/libdossier.so $(CALIBRE_PLUGIN)

help:
	@echo "make            build bin/dossier and build/libdossier.{a,so}"
	@echo "make dossier    set up everything and build out/dossier.epub and out/dossier.pdf from corpus/"
	@echo "make check      run all tests (ends with 'N passed, N failed')"
	@echo "make asan       the tests under AddressSanitizer and UBSan"
	@echo "make tsan       the tests under ThreadSanitizer"
	@echo "make valgrind   the tests under valgrind"
	@echo "make fuzz       each libFuzzer target of tests/fuzz/ for FUZZ_TIME seconds (60)"
	@echo "make fuzz-smoke each fuzz target for 20 s (for CI)"
	@echo "make bench      time and memory, side by side with pandoc and others"
	@echo "make regen      show and accept changed golden files"
	@echo "make deps       install the Debian packages (as root)"
	@echo "make install    install under PREFIX (default /usr/local; DESTDIR, bindir, libdir... too)"
	@echo "make uninstall  remove what make install installed"

# Install the Debian packages we build and run with: as root it installs
# what is missing; otherwise it prints the one command to run. It never
# runs make again (src/build/deps.sh).
deps:
	@src/build/deps.sh $(DEB_PKGS)

test-deps: deps
	@src/build/deps.sh $(DEB_TEST_PKGS)

$(BUILD)/config.mk: Makefile src/build/config.sh
	@mkdir -p $(BUILD)
	@CC='$(CC)' CORE_PKGS='$(CORE_PKGS)' EPUB_PKGS='$(EPUB_PKGS)' \
	  TYPESET_PKGS='$(TYPESET_PKGS)' src/build/config.sh $@

# Where the installation's files are, for paths.c alone: the folders
# relative to the program's and the library's, and the prefix as the last
# resort. The stamp changes only when they do, so that `make install
# PREFIX=...` rebuilds one object.
rel = $(shell realpath -m --relative-to='$(1)' '$(2)')
PATHS_DEFS = -DDOSSIER_PKGDATADIR='"$(pkgdatadir)"' \
  -DDOSSIER_BIN_TO_PKGDATA='"$(call rel,$(bindir),$(pkgdatadir))"' \
  -DDOSSIER_LIB_TO_PKGDATA='"$(call rel,$(libdir),$(pkgdatadir))"'
$(BUILD)/gen/paths.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PATHS_DEFS)' | cmp -s - $@ || echo '$(PATHS_DEFS)' > $@
$(BUILD)/src/plugin/paths.o: $(BUILD)/gen/paths.stamp
$(BUILD)/src/plugin/paths.o: ALL_CFLAGS += $(PATHS_DEFS)
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/mkzip: src/build/mkzip.c $(BUILD)/config.mk
	$(CC) $(ALL_CFLAGS) -o $@ $< $(EPUB_LIBS)

$(CALIBRE_PLUGIN): $(CALIBRE_SRC) $(BUILD)/mkzip
	@mkdir -p $(dir $@)
	TZ=UTC0 $(BUILD)/mkzip $@.tmp $(CALIBRE_SRC) && mv $@.tmp $@

# The site patterns are data; the library carries a copy so that it works
# from anywhere.
$(BUILD)/gen/sites_conf.c: src/read/sites.conf
	@mkdir -p $(dir $@)
	@{ echo '/* generated from src/read/sites.conf */'; \
	   echo 'const char dossier_sites_conf[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

# The text reader's learned weights and word lists (src/read/data/*.txt,
# remade by tests/tools/train-reader.py), built in the same way.
$(BUILD)/gen/reader_%.c: src/read/data/%.txt
	@mkdir -p $(dir $@)
	@{ echo '/* generated from $< */'; \
	   echo 'const char dossier_reader_$*[] ='; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	   echo ';'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libdossier.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libdossier.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -Wl,-soname,libdossier.so.$(SOVERSION) -o $@ $^ $(ALL_LIBS)

bin/dossier: $(BIN_OBJ) $(BUILD)/libdossier.a
	@mkdir -p bin
	$(CC) $(LDFLAGS) -rdynamic -o $@ $(BIN_OBJ) $(BUILD)/libdossier.a $(ALL_LIBS)

# A writer plugin built against the public header only.
$(BUILD)/plugins/plaintext.so: tests/plugin/plaintext.c src/dossier.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Isrc -shared -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libdossier.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libdossier.a $(ALL_LIBS)

-include $(LIB_OBJ:.o=.d) $(BIN_OBJ:.o=.d)

# Fonts come from Debian packages; only their licences and our fontconfig
# file are tracked.
FONT_SRC := /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf \
            /usr/share/fonts/truetype/noto/NotoSerif-BoldItalic.ttf \
            /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSans-Italic.ttf \
            /usr/share/fonts/truetype/noto/NotoSans-BoldItalic.ttf \
            /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifHebrew-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifHebrew-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifDevanagari-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifDevanagari-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifBengali-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifBengali-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifGurmukhi-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifGurmukhi-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifGujarati-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifGujarati-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifTamil-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifTamil-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifTelugu-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifTelugu-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifKannada-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifKannada-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifMalayalam-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifMalayalam-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifSinhala-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifSinhala-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifThai-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifThai-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifLao-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifLao-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifKhmer-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifKhmer-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifMyanmar-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifMyanmar-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifGeorgian-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifGeorgian-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifArmenian-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifArmenian-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifEthiopic-Regular.ttf \
            /usr/share/fonts/truetype/noto/NotoSerifEthiopic-Bold.ttf \
            /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf \
            /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf \
            /usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf
# The CJK font is made from Debian's collection by cffprep (its SC face
# without subroutines: Cairo 1.16 breaks glyphs of the original).
CJK_SRC := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
CJK_FONT := fonts/NotoSansCJKsc-Regular.otf
FONTS := $(addprefix fonts/,$(notdir $(FONT_SRC))) $(CJK_FONT)

# The folder's time is set back to 2000. Fontconfig keeps
# a cache of what fonts/ holds, stamped with the folder's time, but when
# SOURCE_DATE_EPOCH is set and older than that time it stamps the cache
# with the variable instead, finds the stamp wrong on the next run and
# reads every font again: 12 ms of each PDF or new cover, whenever the
# output is meant to be reproducible. A folder older than any such date
# keeps its cache valid. The seconds past 2000 come from the list of
# fonts, so that a changed list is a changed time and an old cache is
# read again instead of hiding the new fonts.
FONTS_TIME := $(shell echo $$((946684800 + $$(echo '$(notdir $(FONTS))' | cksum | cut -d' ' -f1) % 1000000)))
# A font the list no longer names is removed: fontconfig would still
# offer it (the collection the CJK font was once copied as).
fonts: $(FONTS)
	@for f in fonts/*.ttf fonts/*.otf fonts/*.ttc; do \
	  case " $(FONTS) " in *" $$f "*) ;; *) [ -e "$$f" ] && rm -f "$$f" && \
	  rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/dossier-fontconfig" ;; esac; done; true
	@touch -d @$(FONTS_TIME) fonts
# Remade when cffprep's source changes, not whenever it is relinked (a
# new config.mk would remake 18 MB of font for nothing).
$(CJK_FONT): src/build/cffprep.c | $(BUILD)/cffprep
	@[ -f $(CJK_SRC) ] || { \
	  echo "dossier: $(CJK_SRC) is missing: 'make deps' as root installs it, or:" >&2; \
	  echo "  sudo apt-get install -y fonts-noto-cjk" >&2; exit 1; }
	$(BUILD)/cffprep $(CJK_SRC) 2 $@.tmp && mv $@.tmp $@
$(BUILD)/cffprep: src/build/cffprep.c $(BUILD)/config.mk
	$(CC) $(ALL_CFLAGS) -o $@ $< $(TYPESET_LIBS)
$(filter-out $(CJK_FONT),$(FONTS)):
	@f=$(filter %/$(notdir $@),$(FONT_SRC)); [ -f "$$f" ] || { \
	  echo "dossier: $$f is missing: 'make deps' as root installs it, or:" >&2; \
	  echo "  sudo apt-get install -y fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core" >&2; \
	  exit 1; }; cp "$$f" $@

# The dossier of corpus/: the README's first command. The packages first
# (as root: installed once), then a make of its own that reads the flags
# they give.
dossier:
	@src/build/deps.sh $(DEB_PKGS)
	@$(MAKE) --no-print-directory all fonts
	@mkdir -p out
	bin/dossier build -o out/dossier.epub -o out/dossier.pdf corpus

check: all fonts $(TEST_BIN)
	@tests/run.sh

# The same tests, on a build with AddressSanitizer and UBSan in build-asan/.
# A sanitizer report exits 98 (bad-input tells it from exit 1).
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
asan: fonts
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" asan-build
	@ASAN_OPTIONS=detect_leaks=1:exitcode=98:detect_stack_use_after_return=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98 \
	  TIMEOUT_SCALE=4 TEST_WORK=build-asan/test-work \
	  DOSSIER=bin/dossier-asan UNIT_DIR=build-asan/tests tests/run.sh

# The same tests on a build with ThreadSanitizer in build-tsan/ (the PDF
# suite builds a book big enough to start the layout workers).
tsan: fonts
	@$(MAKE) --no-print-directory BUILD=build-tsan CFLAGS="-O1 -g -fsanitize=thread" \
	  LDFLAGS="-fsanitize=thread" tsan-build
	@TSAN_OPTIONS=halt_on_error=1:exitcode=98:suppressions=$(CURDIR)/tests/tsan.supp \
	  TIMEOUT_SCALE=6 TEST_WORK=build-tsan/test-work \
	  DOSSIER=bin/dossier-tsan UNIT_DIR=build-tsan/tests tests/run.sh

# Only through `make asan` and `make tsan`, which set BUILD and the flags.
asan-build: bin/dossier-asan $(TEST_BIN)
tsan-build: bin/dossier-tsan $(TEST_BIN)
bin/dossier-asan bin/dossier-tsan: $(BIN_OBJ) $(BUILD)/libdossier.a
	@mkdir -p bin
	$(CC) $(LDFLAGS) -rdynamic -o $@ $(BIN_OBJ) $(BUILD)/libdossier.a $(ALL_LIBS)

# libFuzzer targets: every tests/fuzz/NAME.c is one, built with clang,
# ASan and UBSan into build-fuzz/fuzz/NAME and run by tests/fuzz/run.sh
# from its seeds in tests/fuzz/corpus/NAME/ for FUZZ_TIME seconds each.
# The library is rebuilt in build-fuzz/ with coverage.
FUZZ_TIME  ?= 60
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
              -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_BIN   := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/*.c))

fuzz: fuzz-build
	@FUZZ_TIME=$(FUZZ_TIME) tests/fuzz/run.sh

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_TIME=20

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz \
	  CC=clang CFLAGS="$(FUZZ_FLAGS)" fuzz-targets

fuzz-deps:
	@src/build/deps.sh $(DEB_FUZZ_PKGS)

# Only through `make fuzz-build`, which sets BUILD, CC and the flags.
.PHONY: fuzz-targets
fuzz-targets: $(FUZZ_BIN)
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(LIB_OBJ) \
	  $(ALL_LIBS)

valgrind: all fonts $(TEST_BIN)
	@VALGRIND=1 tests/run.sh

# What is missing leaves its rows out, with a note.
bench-deps: deps
	@src/build/deps.sh $(DEB_BENCH_PKGS) || echo "dossier: benchmarking without them"

# The writers timed inside one process (tests/bench/render.c).
$(BUILD)/bench/render: tests/bench/render.c $(BUILD)/libdossier.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libdossier.a $(ALL_LIBS)

bench: all fonts bench-deps $(BUILD)/bench/render
	@tests/bench.sh

regen: all fonts $(TEST_BIN)
	@REGEN=1 tests/run.sh

# ---- install ----
# What `make install` puts where; `make uninstall` removes exactly these
# and then the package's own folders if they are left empty.
STYLES := $(wildcard styles/*.css)
# pandoc's custom reader (pandoc -f .../dossier.lua) and the example filter.
PANDOC_DATA := src/pandoc/dossier.lua src/pandoc/comments.lua
FONT_DATA := fonts/fonts.conf fonts/README.md $(wildcard fonts/LICENSE-*)
INST_BIN  := $(DESTDIR)$(bindir)/dossier
INST_LIB  := $(DESTDIR)$(libdir)/libdossier.so.$(VERSION) \
             $(DESTDIR)$(libdir)/libdossier.so.$(SOVERSION) \
             $(DESTDIR)$(libdir)/libdossier.so $(DESTDIR)$(libdir)/libdossier.a
INST_FILES = $(INST_BIN) $(INST_LIB) $(DESTDIR)$(includedir)/dossier.h \
  $(DESTDIR)$(pkgconfigdir)/dossier.pc \
  $(addprefix $(DESTDIR)$(pkgdatadir)/,$(STYLES) $(FONT_DATA) $(FONTS)) \
  $(DESTDIR)$(pkgdatadir)/sites.conf \
  $(addprefix $(DESTDIR)$(pkgdatadir)/pandoc/,$(notdir $(PANDOC_DATA))) \
  $(DESTDIR)$(pkgdatadir)/calibre/dossier-input.zip \
  $(DESTDIR)$(mandir)/man1/dossier.1 $(DESTDIR)$(mandir)/man3/dossier.3 \
  $(DESTDIR)$(bashcompletiondir)/dossier
INST_DIRS = $(DESTDIR)$(pkgdatadir)/styles $(DESTDIR)$(pkgdatadir)/fonts \
  $(DESTDIR)$(pkgdatadir)/pandoc $(DESTDIR)$(pkgdatadir)/calibre \
  $(DESTDIR)$(pkgdatadir)

# The pkg-config file: the static link needs what the library links
# (and libxml2's and libzip's own private libraries: liblzma-dev, libbz2-dev
# and libssl-dev are in DEB_PKGS for them, now that the EPUB writer is
# linked in).
# Made on every install (the prefix is whatever this make was given),
# replaced only when it differs.
$(BUILD)/dossier.pc: FORCE $(BUILD)/config.mk
	@{ echo 'prefix=$(prefix)'; echo 'libdir=$(libdir)'; \
	   echo 'includedir=$(includedir)'; echo; \
	   echo 'Name: dossier'; \
	   echo 'Description: scraped news articles and their comments into EPUB and PDF'; \
	   echo 'Version: $(VERSION)'; \
	   echo 'Requires.private: $(sort $(PKGS))'; \
	   echo 'Libs: -L$${libdir} -ldossier'; \
	   echo 'Libs.private: -lhyphen -ldl -lpthread -lm'; \
	   echo 'Cflags: -I$${includedir}'; } > $@.tmp && \
	  { cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@; }

install: all fonts $(BUILD)/dossier.pc
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libdir) $(DESTDIR)$(includedir) \
	  $(DESTDIR)$(pkgconfigdir) $(DESTDIR)$(pkgdatadir)/styles \
	  $(DESTDIR)$(pkgdatadir)/fonts $(DESTDIR)$(pkgdatadir)/pandoc \
	  $(DESTDIR)$(pkgdatadir)/calibre \
	  $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man3 \
	  $(DESTDIR)$(bashcompletiondir)
	install -m 755 bin/dossier $(INST_BIN)
	install -m 755 $(BUILD)/libdossier.so $(DESTDIR)$(libdir)/libdossier.so.$(VERSION)
	ln -sf libdossier.so.$(VERSION) $(DESTDIR)$(libdir)/libdossier.so.$(SOVERSION)
	ln -sf libdossier.so.$(SOVERSION) $(DESTDIR)$(libdir)/libdossier.so
	install -m 644 $(BUILD)/libdossier.a $(DESTDIR)$(libdir)/libdossier.a
	install -m 644 src/dossier.h $(DESTDIR)$(includedir)/dossier.h
	install -m 644 $(BUILD)/dossier.pc $(DESTDIR)$(pkgconfigdir)/dossier.pc
	install -m 644 $(STYLES) $(DESTDIR)$(pkgdatadir)/styles/
	install -m 644 $(FONT_DATA) $(FONTS) $(DESTDIR)$(pkgdatadir)/fonts/
	@touch -d @946684800 $(DESTDIR)$(pkgdatadir)/fonts	# as `make fonts` does
	install -m 644 src/read/sites.conf $(DESTDIR)$(pkgdatadir)/sites.conf
	install -m 644 $(PANDOC_DATA) $(DESTDIR)$(pkgdatadir)/pandoc/
	install -m 644 $(CALIBRE_PLUGIN) $(DESTDIR)$(pkgdatadir)/calibre/
	install -m 644 src/man/dossier.1 $(DESTDIR)$(mandir)/man1/dossier.1
	install -m 644 src/man/dossier.3 $(DESTDIR)$(mandir)/man3/dossier.3
	install -m 644 src/completion/dossier.bash $(DESTDIR)$(bashcompletiondir)/dossier

uninstall:
	rm -f $(INST_FILES)
	-rmdir $(INST_DIRS) 2>/dev/null || true

clean:
	rm -rf build build-asan build-tsan build-fuzz bin out
