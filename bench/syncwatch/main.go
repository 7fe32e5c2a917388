// Command syncwatch measures the latency of `cloudfs sync --watch`: from
// the moment a file is closed under the watched tree to the moment its
// object can be read from the destination. bench/sync.sh runs it against
// MinIO; it prints the p50 and p99 in milliseconds as one line of JSON.
//
//	syncwatch -cloudfs BIN -config CFG -dst m:bucket/prefix -n 200
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/registry"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

func main() {
	bin := flag.String("cloudfs", "cloudfs", "the cloudfs binary")
	cfgPath := flag.String("config", "", "cloudfs config file")
	dst := flag.String("dst", "", "destination account:container/prefix")
	n := flag.Int("n", 200, "files to write")
	gap := flag.Duration("gap", 50*time.Millisecond, "pause between files")
	size := flag.Int("size", 4096, "bytes per file")
	flag.Parse()
	if err := run(*bin, *cfgPath, *dst, *n, *gap, *size); err != nil {
		fmt.Fprintln(os.Stderr, "syncwatch:", err)
		os.Exit(1)
	}
}

func run(bin, cfgPath, dst string, n int, gap time.Duration, size int) error {
	ctx := context.Background()
	acctName, rest, _ := strings.Cut(dst, ":")
	container, prefix, _ := strings.Cut(rest, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return err
	}
	reg := registry.New(cfg)
	defer reg.Close()
	acct, err := reg.Storage(ctx, acctName)
	if err != nil {
		return err
	}

	src, err := os.MkdirTemp("", "syncwatch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	stdir, err := os.MkdirTemp("", "syncwatch-status-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stdir)
	status := filepath.Join(stdir, "status.json")
	cmd := exec.Command(bin, "--config", cfgPath, "--log-level", "warn", "sync", "--watch", "--quiet", "--status-file", status, src, dst)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	// Ready when the first pass is done.
	for deadline := time.Now().Add(30 * time.Second); ; {
		if b, err := os.ReadFile(status); err == nil && strings.Contains(string(b), `"state": "watching"`) {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the daemon did not finish its first pass")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// One poller lists the prefix every 10ms and notes when each key first
	// shows: far less load on the server than a HEAD loop per file.
	var mu sync.Mutex
	closed := map[string]time.Time{}
	var lat []time.Duration
	done := make(chan struct{})
	go func() {
		defer close(done)
		seen := map[string]bool{}
		for deadline := time.Now().Add(10 * time.Minute); len(seen) < n && time.Now().Before(deadline); {
			for o, err := range acct.List(ctx, container, &storage.ListOptions{Prefix: prefix}) {
				if err != nil {
					fmt.Fprintln(os.Stderr, "list:", err)
					break
				}
				name := strings.TrimPrefix(o.Key, prefix)
				mu.Lock()
				c, ok := closed[name]
				mu.Unlock()
				if ok && !seen[name] {
					seen[name] = true
					lat = append(lat, time.Since(c))
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	data := make([]byte, size)
	for i := range n {
		name := fmt.Sprintf("f%04d", i)
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			return err
		}
		mu.Lock()
		closed[name] = time.Now()
		mu.Unlock()
		time.Sleep(gap)
	}
	<-done
	if len(lat) != n {
		return fmt.Errorf("%d of %d files never showed up", n-len(lat), n)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	return json.NewEncoder(os.Stdout).Encode(map[string]float64{"p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1)})
}
