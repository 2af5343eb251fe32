# VaelixOS - thin wrapper over CMake. Every target first makes sure the Debian packages are
# there (scripts/deps.sh installs them as root, or prints the apt-get line).
#
#   make run           build and boot the OS in this terminal (ARGS="--cpus 2 ..." to pass options)
#   make test          every test: unit (ASan+UBSan), integration, Valgrind, TSan, freestanding
#   make bench         all benchmarks (BENCH=name for one group); JSON in build/bench/results.jsonl
#   make debug         boot under gdb (debug build)
#   make tsan          TSan build: unit tests, self-tests and integration tests
#   make freestanding  compile the core with -ffreestanding -nostdinc (the dependency rule)
#   make fuzz-rv       fuzz the rv64 interpreter against qemu-riscv64 until ^C (build/fuzz-rv)
#   make fuzz-sys      20,000,000 random Linux syscalls in VaelixOS, random seed (SEED=N to repeat)

JOBS  ?= $(shell nproc)
ARGS  ?=
BENCH ?=
CTEST := ctest --output-on-failure -j $(JOBS)

# build/<name>: configure (once) and build; $(2) are the CMake options.
define cmake_build
	@test -f build/$(1)/CMakeCache.txt || cmake -S . -B build/$(1) $(2) >/dev/null
	@cmake --build build/$(1) -j $(JOBS) -- --no-print-directory
endef

.PHONY: all deps run test bench debug tsan freestanding fuzz-rv fuzz-sys clean
all: deps
	$(call cmake_build,release,-DCMAKE_BUILD_TYPE=RelWithDebInfo)

deps:
	@scripts/deps.sh

run: all
	build/release/vaelix run $(ARGS)

test: deps
	$(call cmake_build,asan,-DCMAKE_BUILD_TYPE=Debug -DVX_SANITIZE=address -DVX_WERROR=ON)
	cd build/asan && $(CTEST) -L 'unit|integration'
	$(call cmake_build,plain,-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVX_WERROR=ON)
	cd build/plain && $(CTEST) -L 'valgrind|integration'
	$(call cmake_build,tsan,-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVX_SANITIZE=thread -DVX_WERROR=ON)
	cd build/tsan && $(CTEST) -L 'unit|integration'
	scripts/freestanding.sh
	@echo "make test: all passed"

bench: all
	@scripts/bench.sh build/release $(BENCH)

debug: deps
	@scripts/deps.sh debug
	$(call cmake_build,debug,-DCMAKE_BUILD_TYPE=Debug)
	gdb -q -x docs/gdb/vaelix.gdb --args build/debug/vaelix run $(ARGS)

tsan: deps
	$(call cmake_build,tsan,-DCMAKE_BUILD_TYPE=RelWithDebInfo -DVX_SANITIZE=thread -DVX_WERROR=ON)
	cd build/tsan && $(CTEST) -L 'unit|integration'

freestanding: deps
	scripts/freestanding.sh

fuzz-rv: all
	build/release/rvfuzz --forever --save-dir build/fuzz-rv

# The syscall fuzzer (tests/guest/fuzz/sysfuzz.c) in the release build, with the checks of
# tests/integration/sysfuzz.sh (status, summary, sanitizer and assertion lines, the leak line).
fuzz-sys: all
	VAELIX=build/release/vaelix SYSFUZZ_CALLS=20000000 \
		SYSFUZZ_SEEDS=$${SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')} \
		SYSFUZZ_TIMEOUT=3600 bash tests/integration/sysfuzz.sh

clean:
	rm -rf build
