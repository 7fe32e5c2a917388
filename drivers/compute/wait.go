package compute

import (
	"context"
	"strings"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// WaitOptions tunes WaitUntilRunning.
type WaitOptions struct {
	// PollInterval is the time between polls (default 3s).
	PollInterval time.Duration
	// Timeout bounds the wait on top of ctx (0: only ctx).
	Timeout time.Duration
}

// DefaultPollInterval is WaitOptions.PollInterval's default.
const DefaultPollInterval = 3 * time.Second

// WaitUntilRunning polls the nodes until every one is running and returns
// them in the order of ids. A node that ends in state error or terminated
// fails the wait (errs.Unknown), as does a node that disappears
// (errs.NotFound). When ctx is done or the timeout passes, the error is
// errs.Canceled or errs.DeadlineExceeded.
func (a *Account) WaitUntilRunning(ctx context.Context, ids []string, opts *WaitOptions) ([]Node, error) {
	const op = "compute.WaitUntilRunning"
	res := strings.Join(ids, ",")
	if err := a.check(op, res); err != nil {
		return nil, err
	}
	var o WaitOptions
	if opts != nil {
		o = *opts
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	tick := time.NewTicker(o.PollInterval)
	defer tick.Stop()
	for {
		nodes, done, err := a.pollRunning(ctx, op, ids)
		if err != nil || done {
			return nodes, err
		}
		select {
		case <-ctx.Done():
			return nil, errs.Wrap(ctx.Err(), op, res)
		case <-tick.C:
		}
	}
}

// pollRunning reads every node once and reports whether all are running.
func (a *Account) pollRunning(ctx context.Context, op string, ids []string) ([]Node, bool, error) {
	nodes := make([]Node, len(ids))
	done := true
	for i, id := range ids {
		n, err := a.GetNode(ctx, id)
		if err != nil {
			return nil, false, errs.Wrap(err, op, id)
		}
		switch n.State {
		case NodeError, NodeTerminated:
			return nil, false, errs.Errorf(errs.Unknown, op, id, "node entered state %s while waiting for it to run", n.State)
		case NodeRunning:
		default:
			done = false
		}
		nodes[i] = *n
	}
	return nodes, done, nil
}
