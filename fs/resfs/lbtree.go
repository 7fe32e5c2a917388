package resfs

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/lb"
	gofs "github.com/hanwen/go-fuse/v2/fs"
)

// newLBTree is lb/: one folder per load-balancer account.
func newLBTree(m *mount, acc Accounts) gofs.InodeEmbedder {
	var kids []staticChild
	for _, name := range slices.Sorted(maps.Keys(acc.LB)) {
		kids = append(kids, staticChild{name, newLBAccount(m, name, acc.LB[name]), true})
	}
	return newStaticDir(m, append(kids, failedAccounts(m, acc, kindLB)...)...)
}

// newLBAccount is lb/<account>/: balancers/, the read-only protocols and
// algorithms lists (one per line), and .errors.
func newLBAccount(m *mount, name string, a *lb.Account) *staticDir {
	log := newErrorLog(m.opts.Logger)
	path := kindLB + "/" + name
	return newStaticDir(m,
		staticChild{"balancers", newResDir(m, log, path+"/balancers", &balancersKind{a}), true},
		staticChild{"protocols", newROFile(m, func(ctx context.Context) ([]byte, error) {
			ps, err := a.ListProtocols(ctx)
			return lines(ps), err
		}), false},
		staticChild{"algorithms", newROFile(m, func(ctx context.Context) ([]byte, error) {
			as, err := a.ListAlgorithms(ctx)
			return lines(as), err
		}), false},
		staticChild{".errors", errorsFile(m, log), false},
	)
}

// lines is one value per line.
func lines[T ~string](vs []T) []byte {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(string(v))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
