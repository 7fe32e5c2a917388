# cloudfs: see README.md. `make demo` runs the main job on the embedded
# default; `make test` installs what the tests need and runs them all.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X github.com/cloudfs/cloudfs/transport.Version=$(VERSION)
BIN      := bin/cloudfs
export CLOUDFS_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/cloudfs-test

.PHONY: all build test setup unit lint bench demo clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/cloudfs
	$(GO) build -o bin/mount.cloudfs ./cmd/mount.cloudfs  # mount -t cloudfs, /etc/fstab (install both side by side)

setup:
	scripts/setup.sh

# The whole suite, with the race detector, against real local servers.
test: setup lint
	$(GO) test -race -timeout 40m ./...

# Fast loop: no servers are installed first.
unit:
	$(GO) test -race -short ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

bench: build setup
	bench/run.sh

demo: build
	scripts/demo.sh

clean:
	rm -rf bin
