// Package drivertest is the conformance suite that every storage driver
// runs, in the manner of gocloud.dev's blob/drivertest. A driver's test
// file is little more than
//
//	func TestConformance(t *testing.T) {
//		drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
//			return memory.New()
//		}, drivertest.Options{})
//	}
//
// The suite drives the driver through the portable storage.Account, so the
// portable checks are exercised along with the driver. Every test makes
// its own containers with unique names and deletes them afterwards, so one
// shared server (MinIO, Azurite, ...) can serve every test.
package drivertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Harness makes a fresh driver for one test. It registers its own
// clean-up with t.Cleanup; the suite closes the driver (through the
// Account) when the test ends.
type Harness func(t *testing.T) driver.Driver

// Options are the knobs a driver's harness may set. The zero value suits
// an in-process driver.
type Options struct {
	// PartSize is the multipart part size the suite asks for
	// (WriterOptions.PartSize) when it writes objects larger than one
	// part. 0 means 64 KiB; S3 needs at least 5 MiB.
	PartSize int64
	// SkipSignedURL skips fetching signed URLs with http.Get (for a server
	// whose URLs the test cannot reach). The URL is still made.
	SkipSignedURL bool
	// ContainerPrefix starts the name of every container the suite makes
	// (default "cfst"). Use lower-case letters, digits and '-' so that
	// every provider accepts the names.
	ContainerPrefix string
}

func (o Options) partSize() int64 {
	if o.PartSize > 0 {
		return o.PartSize
	}
	return 64 << 10
}

// RunConformanceTests runs the whole suite against the drivers h makes.
func RunConformanceTests(t *testing.T, h Harness, opts Options) {
	s := &suite{h: h, opts: opts}
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *env)
	}{
		{"Containers", testContainers},
		{"ContainerPagination", testContainerPagination},
		{"MissingContainer", testMissingContainer},
		{"MissingObject", testMissingObject},
		{"Keys", testKeys},
		{"EmptyObject", testEmptyObject},
		{"LargeObject", testLargeObject},
		{"RangeRead", testRangeRead},
		{"ListPrefixDelimiter", testListPrefixDelimiter},
		{"ListPagination", testListPagination},
		{"ListPaginationDelimiter", testListPaginationDelimiter},
		{"ListFields", testListFields},
		{"Stat", testStat},
		{"StreamingWrite", testStreamingWrite},
		{"Overwrite", testOverwrite},
		{"CancelWrite", testCancelWrite},
		{"AbortWrite", testAbortWrite},
		{"ConditionalWrite", testConditionalWrite},
		{"ConditionalRead", testConditionalRead},
		{"Copy", testCopy},
		{"CopyReplaceMetadata", testCopyReplaceMetadata},
		{"Rename", testRename},
		{"SetMetadata", testSetMetadata},
		{"SignedURL", testSignedURL},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentReaders", testConcurrentReaders},
		{"CanceledContext", testCanceledContext},
		{"ClosedAccount", testClosedAccount},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, s.env(t)) })
	}
}

type suite struct {
	h    Harness
	opts Options
	seq  atomic.Int64
}

// env is what one test works with.
type env struct {
	t    *testing.T
	s    *suite
	ctx  context.Context
	drv  driver.Driver
	acct *storage.Account
	opts Options
}

func (s *suite) env(t *testing.T) *env {
	drv := s.h(t)
	require.NotNil(t, drv, "harness returned a nil driver")
	a := storage.New("conformance", drv)
	t.Cleanup(func() { _ = a.Close() })
	return &env{t: t, s: s, ctx: t.Context(), drv: drv, acct: a, opts: s.opts}
}

// name returns a container name unique to this run: the prefix, a random
// run id and a counter.
func (e *env) name() string {
	p := e.opts.ContainerPrefix
	if p == "" {
		p = "cfst"
	}
	return strings.ToLower(p) + "-" + runID + "-" + strconv.FormatInt(e.s.seq.Add(1), 10)
}

var runID = func() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}()
