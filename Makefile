# dossier: GNU make only. `make help` lists the targets.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
           -fvisibility=hidden -fPIC
# The library proper, and the writers' modules it loads on first need
# (src/lib/modules.h): the EPUB writer with libzip and libxml2, and the
# typesetting module (src/typeset/typeset.h) with Cairo, Pango, HarfBuzz
# and the forty-odd libraries they pull in. A process maps only what its
# outputs need.
CORE_PKGS    := glib-2.0 zlib yaml-0.1
EPUB_PKGS    := libzip libxml-2.0 libdeflate glib-2.0 zlib
TYPESET_PKGS := cairo pangocairo pangoft2 harfbuzz harfbuzz-subset \
                fontconfig freetype2 libdeflate glib-2.0 zlib
PKGS    := $(CORE_PKGS) $(EPUB_PKGS) $(TYPESET_PKGS)
DEB_PKGS := build-essential pkg-config libzip-dev libcairo2-dev \
           libpango1.0-dev libharfbuzz-dev libxml2-dev libfontconfig-dev \
           libglib2.0-dev libfreetype-dev zlib1g-dev libdeflate-dev libyaml-dev libhyphen-dev \
           hyphen-en-us hyphen-de hyphen-fr libqpdf-dev qpdf \
           fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
           poppler-utils epubcheck default-jre-headless python3 valgrind \
           zip unzip
# What the tests and benchmarks compare against or check with.
DEB_TEST_PKGS := pandoc calibre chromium nodejs npm time
# What the benchmark runs side by side with ours.
DEB_BENCH_PKGS := pandoc calibre texlive-xetex weasyprint time

BUILD   := build
LIB_SRC := $(shell find src -name '*.c' ! -path 'src/bin/*' | sort)
LIB_HDR := $(shell find src -name '*.h' | sort)
TYPESET_SRC := $(filter src/typeset/% src/write/pdf/%,$(LIB_SRC))
EPUB_SRC := $(filter src/write/epub/%,$(LIB_SRC))
CORE_SRC := $(filter-out $(TYPESET_SRC) $(EPUB_SRC),$(LIB_SRC))
# Everything but the list of the module's libraries, which is read off the
# module once it is linked (the module links these, hidden).
READER_DATA := $(sort $(wildcard src/read/data/*.txt))
HELPER_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/sites_conf.o \
           $(READER_DATA:src/read/data/%.txt=$(BUILD)/gen/reader_%.o) \
           $(BUILD)/gen/build_id.o
LIB_OBJ := $(HELPER_OBJ) $(BUILD)/gen/typeset_libs.o
TYPESET_OBJ := $(TYPESET_SRC:%.c=$(BUILD)/%.o)
EPUB_OBJ := $(EPUB_SRC:%.c=$(BUILD)/%.o)
MODULES := $(BUILD)/modules/typeset.so $(BUILD)/modules/epub.so
BIN_SRC := $(wildcard src/bin/*.c)
BIN_OBJ := $(BIN_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/unit/*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%) \
            $(BUILD)/plugins/plaintext.so

# Flags come from pkg-config once the libraries are there (build/config.mk).
-include $(BUILD)/config.mk
ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS) -DDOSSIER_DATA_DIR='"$(CURDIR)"' \
             -DDOSSIER_MODULE_DIR='"$(CURDIR)/$(BUILD)/modules"'
ALL_LIBS   = $(CORE_LIBS)
# Unit tests reach into the module's objects too.
TEST_LINK  = -Wl,--start-group $(BUILD)/libdossier.a $(BUILD)/libtypeset.a \
             $(BUILD)/libepub.a -Wl,--end-group $(CORE_LIBS) $(EPUB_LIBS) \
             $(TYPESET_LIBS)

.PHONY: all deps test-deps bench-deps fonts dossier check asan asan-build valgrind bench regen \
        clean help
all: bin/dossier $(BUILD)/libdossier.a $(BUILD)/libdossier.so $(MODULES)

help:
	@echo "make            build bin/dossier and build/libdossier.{a,so}"
	@echo "make dossier    set up everything and build out/dossier.epub and out/dossier.pdf from corpus/"
	@echo "make check      run all tests (ends with 'N passed, N failed')"
	@echo "make asan       the tests under AddressSanitizer and UBSan"
	@echo "make valgrind   the tests under valgrind"
	@echo "make bench      time and memory, side by side with pandoc and others"
	@echo "make regen      show and accept changed golden files"
	@echo "make deps       install the Debian packages (as root)"

# Install the Debian packages we build and run with. As root it installs;
# otherwise it prints the exact command.
deps:
	@if [ "$$(id -u)" = 0 ]; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  dpkg -s $(DEB_PKGS) >/dev/null 2>&1 || { apt-get update -qq && \
	  apt-get install -y -q --no-install-recommends $(DEB_PKGS); }; \
	else \
	  dpkg -s $(DEB_PKGS) >/dev/null 2>&1 || { \
	  echo "missing packages; run:"; \
	  echo "  sudo apt-get install -y --no-install-recommends $(DEB_PKGS)"; \
	  exit 1; }; \
	fi

test-deps: deps
	@if [ "$$(id -u)" = 0 ]; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  dpkg -s $(DEB_TEST_PKGS) >/dev/null 2>&1 || \
	  apt-get install -y -q --no-install-recommends $(DEB_TEST_PKGS); \
	fi

$(BUILD)/config.mk: Makefile
	@mkdir -p $(BUILD)
	@if ! pkg-config --exists $(PKGS) 2>/dev/null || \
	    [ ! -f /usr/include/hyphen.h ] || [ ! -f /usr/include/qpdf/qpdf-c.h ]; then \
	  $(MAKE) --no-print-directory deps || exit 1; fi
	@soname=$$(objdump -p "$$($(CC) -print-file-name=libqpdf.so)" | \
	    awk '/SONAME/ { print $$2 }'); \
	 [ -n "$$soname" ] || { echo "libqpdf.so: no SONAME" >&2; exit 1; }; \
	 { echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS)) -DQPDF_SONAME='\"$$soname\"'"; \
	   echo "CORE_LIBS := $$(pkg-config --libs $(CORE_PKGS)) -ldl -lpthread -lm"; \
	   echo "EPUB_LIBS := $$(pkg-config --libs $(EPUB_PKGS)) -ldl -lpthread -lm"; \
	   echo "TYPESET_LIBS := $$(pkg-config --libs $(TYPESET_PKGS)) -lhyphen -ldl -lpthread -lm"; \
	 } > $@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

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

# A hash of the library's sources: the cache (src/lib/cache.c) keys its
# entries with it, so that changed code never finds an old cover or font.
$(BUILD)/gen/build_id.c: $(LIB_SRC) $(LIB_HDR) src/read/sites.conf $(READER_DATA)
	@mkdir -p $(dir $@)
	@{ echo '/* generated: a hash of the library sources */'; \
	   echo "const char dossier_build_id[] = \"$$(cat $^ | sha256sum | cut -c1-32)\";"; \
	 } > $@.tmp && mv $@.tmp $@

# The module's shared libraries as the loader finds them: the cache keys
# what the module makes with their size and time (typeset_key), so an
# upgraded Cairo or HarfBuzz never finds an old cover, and the library
# need not load them to know.
$(BUILD)/gen/typeset_libs.c: $(BUILD)/modules/typeset.so
	@mkdir -p $(dir $@)
	@libs=$$(ldd $< | awk '$$2 == "=>" && $$3 ~ /^\// { print $$3 }' | sort); \
	 [ -n "$$libs" ] || { echo "ldd $<: no libraries" >&2; exit 1; }; \
	 { echo '/* generated: the typesetting module'"'"'s libraries (ldd) */'; \
	   echo 'const char *const dossier_typeset_libs[] = {'; \
	   for l in $$libs; do echo "	\"$$l\","; done; \
	   echo '	0'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libdossier.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libdossier.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(ALL_LIBS)

# The typesetting module: its objects, the library helpers they call
# (from an archive: only those), one exported symbol.
$(BUILD)/modules/helpers.a: $(HELPER_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

MODULE_LINK = $(CC) -shared $(LDFLAGS) -Wl,-z,defs -Wl,-Bsymbolic \
	  -Wl,--version-script=$(filter %.map,$^) -o $@ \
	  $(filter %.o,$^) $(BUILD)/modules/helpers.a

$(BUILD)/modules/typeset.so: $(TYPESET_OBJ) $(BUILD)/modules/helpers.a \
    src/typeset/exports.map
	$(MODULE_LINK) $(TYPESET_LIBS)

# The EPUB writer asks the typesetting module for covers and subsets: it
# has the module's list of libraries for its cache keys.
$(BUILD)/modules/epub.so: $(EPUB_OBJ) $(BUILD)/gen/typeset_libs.o \
    $(BUILD)/modules/helpers.a src/write/epub/exports.map
	$(MODULE_LINK) $(EPUB_LIBS)

# The modules' objects, for the unit tests that reach into them.
$(BUILD)/libtypeset.a: $(TYPESET_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libepub.a: $(EPUB_OBJ)
	@rm -f $@
	ar rcs $@ $^

bin/dossier: $(BIN_OBJ) $(BUILD)/libdossier.a
	@mkdir -p bin
	$(CC) $(LDFLAGS) -rdynamic -o $@ $(BIN_OBJ) $(BUILD)/libdossier.a $(ALL_LIBS)

# A writer plugin built against the public header only.
$(BUILD)/plugins/plaintext.so: tests/plugin/plaintext.c src/dossier.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -Isrc -shared -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libdossier.a \
    $(BUILD)/libtypeset.a $(BUILD)/libepub.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -Isrc/lib -o $@ $< $(TEST_LINK)

-include $(LIB_OBJ:.o=.d) $(TYPESET_OBJ:.o=.d) $(EPUB_OBJ:.o=.d) $(BIN_OBJ:.o=.d)

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
            /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
            /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
FONTS := $(addprefix fonts/,$(notdir $(FONT_SRC)))

# The folder's time is set back to 2000. Fontconfig keeps
# a cache of what fonts/ holds, stamped with the folder's time, but when
# SOURCE_DATE_EPOCH is set and older than that time it stamps the cache
# with the variable instead, finds the stamp wrong on the next run and
# reads every font again: 12 ms of each PDF or new cover, whenever the
# output is meant to be reproducible. A folder older than any such date
# keeps its cache valid.
fonts: $(FONTS)
	@touch -d @946684800 fonts
$(FONTS): | $(BUILD)/config.mk
	@for f in $(FONT_SRC); do [ -f "$$f" ] || { $(MAKE) --no-print-directory deps || exit 1; break; }; done
	cp $(filter %/$(notdir $@),$(FONT_SRC)) $@

# The dossier of corpus/: the README's first command.
dossier: all fonts
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

# Only through `make asan`, which sets BUILD and the flags.
asan-build: bin/dossier-asan $(MODULES) $(TEST_BIN)
bin/dossier-asan: $(BIN_OBJ) $(BUILD)/libdossier.a
	@mkdir -p bin
	$(CC) $(LDFLAGS) -rdynamic -o $@ $(BIN_OBJ) $(BUILD)/libdossier.a $(ALL_LIBS)

valgrind: all fonts $(TEST_BIN)
	@VALGRIND=1 tests/run.sh

bench-deps: deps
	@if [ "$$(id -u)" = 0 ]; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  dpkg -s $(DEB_BENCH_PKGS) >/dev/null 2>&1 || \
	  apt-get install -y -q --no-install-recommends $(DEB_BENCH_PKGS); \
	fi

# The writers timed inside one process (tests/bench/render.c).
$(BUILD)/bench/render: tests/bench/render.c $(BUILD)/libdossier.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libdossier.a $(ALL_LIBS)

bench: all fonts bench-deps $(BUILD)/bench/render
	@tests/bench.sh

regen: all fonts $(TEST_BIN)
	@REGEN=1 tests/run.sh

clean:
	rm -rf build build-asan bin out
