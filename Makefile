# xenpv: Xen paravirtualization support for Linux 6.1, written anew.
#
# This Makefile drives the scripts in scripts/; `make help` lists the
# targets.  Every kernel build happens out of tree, in build/SCENARIO.

SCENARIO ?= domU-farm
OBJ := $(CURDIR)/build/$(SCENARIO)
KCONFIG_UIS := menuconfig nconfig oldconfig olddefconfig savedefconfig

.PHONY: all build reference assemble config $(KCONFIG_UIS) checkconfig \
	verify patches check run clean distclean help

all: build

build:			## fetch the base, assemble, configure and build $(SCENARIO)
	@scripts/build-kernel $(SCENARIO)

reference:		## upstream's own Xen code, same base and fragment, in build/ref-$(SCENARIO)
	@scripts/build-kernel --reference $(SCENARIO)

assemble:		## build/src: the base with our patches and owned paths
	@scripts/assemble

config:			## write build/$(SCENARIO)/.config from configs/$(SCENARIO).config
	@scripts/build-kernel --config-only $(SCENARIO)

menuconfig nconfig oldconfig olddefconfig savedefconfig: config ## kbuild's configurators, on build/$(SCENARIO)/.config
	@$(MAKE) -s -C build/src O=$(OBJ) $@

checkconfig:		## check a .config for domU and dom0 needs (CONFIG=path)
	@scripts/checkconfig $(or $(CONFIG),$(OBJ)/.config)

verify:			## prove no upstream Xen code is in build/src
	@scripts/verify-tree

patches:		## write the patch series against linux-source-6.1 to build/patches/
	@scripts/mkpatches

check:			## the test suite (what CI runs)
	@tests/run

ifeq ($(REFERENCE),1)
run: reference		## boot build/$(SCENARIO) (REFERENCE=1: upstream's, as a Xen domU)
	@scripts/run-kernel $(CURDIR)/build/ref-$(SCENARIO)/arch/x86/boot/bzImage
else
run: build
	@scripts/run-kernel $(OBJ)/arch/x86/boot/bzImage
endif

clean:			## remove kernel build directories, keep build/src and caches
	rm -rf build/test build/domU-farm build/dom0 build/ref-* build/logs build/native build/patches*

distclean:		## remove build/ entirely (caches in ~/.cache/xenpv stay)
	rm -rf build

help:
	@echo "xenpv targets (SCENARIO=$(SCENARIO); scenarios: $(notdir $(basename $(wildcard configs/*.config)))):"
	@sed -n 's/^\([a-z$$() _A-Z]*\):.*## \(.*\)/  \1|\2/p' $(MAKEFILE_LIST) | column -t -s'|'
