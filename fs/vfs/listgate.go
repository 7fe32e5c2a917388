package vfs

import (
	"strings"
	"sync"
)

// listGates keeps a directory's listing pages from overlapping an
// in-place metadata update (chmod, utimes, xattrs: a copy of an object
// onto itself) of an object directly in it. MinIO leaves an object out of
// a listing made while it rewrites that object's metadata, so a listing
// during the mount's own update would lose the file from readdir (seen in
// CI as a file missing after `rsync -a`). Updates of one directory run
// together (read side); a page fetch waits for those in flight and holds
// new ones back until it has its page (write side). Only the mount's own
// updates are covered: another client's, at the same moment, can still
// hide an object from one listing.
type listGates struct {
	mu    sync.Mutex
	gates map[objectRef]*listGate // by account, container, directory prefix
}

type listGate struct {
	rw   sync.RWMutex
	refs int
}

func newListGates() *listGates { return &listGates{gates: map[objectRef]*listGate{}} }

// updating holds off listings of key's directory until the returned
// function is called, after the update.
func (g *listGates) updating(account, container, key string) func() {
	ref := objectRef{account, container, key[:strings.LastIndex(key, "/")+1]}
	l := g.get(ref)
	l.rw.RLock()
	return func() {
		l.rw.RUnlock()
		g.put(ref, l)
	}
}

// listing waits for the updates in flight in directory prefix, and holds
// off new ones until the returned function is called, after the page.
func (g *listGates) listing(account, container, prefix string) func() {
	ref := objectRef{account, container, prefix}
	l := g.get(ref)
	l.rw.Lock()
	return func() {
		l.rw.Unlock()
		g.put(ref, l)
	}
}

func (g *listGates) get(ref objectRef) *listGate {
	g.mu.Lock()
	defer g.mu.Unlock()
	l := g.gates[ref]
	if l == nil {
		l = &listGate{}
		g.gates[ref] = l
	}
	l.refs++
	return l
}

func (g *listGates) put(ref objectRef, l *listGate) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if l.refs--; l.refs == 0 {
		delete(g.gates, ref)
	}
}
