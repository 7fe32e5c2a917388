package drivertest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// testContainers: create, get, list, delete, and the error kinds.
func testContainers(t *testing.T, e *env) {
	name := e.name()
	_, err := e.acct.GetContainer(e.ctx, name)
	wantKind(t, err, errs.NotFound, "get missing container")
	wantKind(t, e.acct.DeleteContainer(e.ctx, name), errs.NotFound, "delete missing container")

	require.NoError(t, e.acct.CreateContainer(e.ctx, name))
	t.Cleanup(func() { e.removeContainer(name) })
	wantKind(t, e.acct.CreateContainer(e.ctx, name), errs.AlreadyExists, "create existing container")

	info, err := e.acct.GetContainer(e.ctx, name)
	require.NoError(t, err)
	assert.Equal(t, name, info.Name)

	var names []string
	for c, err := range e.acct.Containers(e.ctx) {
		require.NoError(t, err)
		names = append(names, c.Name)
	}
	assert.Contains(t, names, name)
	assert.True(t, slices.IsSorted(names), "containers not in name order: %q", names)

	e.write(name, "dir/obj", []byte("x"), nil)
	wantKind(t, e.acct.DeleteContainer(e.ctx, name), errs.NotEmpty, "delete non-empty container")
	_, err = e.acct.GetContainer(e.ctx, name)
	require.NoError(t, err, "a refused delete removed the container")
	assert.Equal(t, []byte("x"), e.read(name, "dir/obj"), "a refused delete changed the content")

	require.NoError(t, e.acct.Delete(e.ctx, name, "dir/obj"))
	require.NoError(t, e.acct.DeleteContainer(e.ctx, name))
	_, err = e.acct.GetContainer(e.ctx, name)
	wantKind(t, err, errs.NotFound, "get deleted container")
	var again []string
	for c, err := range e.acct.Containers(e.ctx) {
		require.NoError(t, err)
		again = append(again, c.Name)
	}
	assert.NotContains(t, again, name, "deleted container still listed")
}

// testContainerPagination lists containers through the driver with a small
// page size: every container comes exactly once, in order, and no page is
// larger than asked.
func testContainerPagination(t *testing.T, e *env) {
	var made []string
	for range 7 {
		made = append(made, e.container())
	}
	const pageSize = 2
	var got []string
	token, pages := "", 0
	for {
		page, next, err := e.drv.ListContainers(e.ctx, token, pageSize)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), pageSize, "page larger than asked")
		for _, c := range page {
			got = append(got, c.Name)
		}
		pages++
		require.Less(t, pages, 10000, "listing does not end")
		if next == "" {
			break
		}
		require.NotEqual(t, token, next, "page token did not advance")
		token = next
	}
	assert.True(t, slices.IsSorted(got), "containers not in name order: %q", got)
	assert.GreaterOrEqual(t, pages, 4, "7 containers with page size 2 fit in %d pages", pages)
	for _, n := range made {
		assert.Equal(t, 1, count(got, n), "container %s listed %d times", n, count(got, n))
	}
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}
