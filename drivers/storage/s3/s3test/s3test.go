// Package s3test starts the MinIO server that the S3 driver's tests run
// against: the pinned build from the test cache (scripts/install-minio.sh),
// on a free loopback port, with a fresh data directory, stopped when the
// tests end. Packages whose tests need S3 share one server per test binary:
//
//	func TestMain(m *testing.M) { s3test.Main(m) }
//
//	srv := s3test.Shared(t)   // in a test; starts it on first use
//
// s3test does not import the driver, so the driver's own tests can use it.
package s3test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/internal/testenv"
)

// Server is a running MinIO.
type Server struct {
	Endpoint  string // "http://127.0.0.1:PORT"
	AccessKey string
	SecretKey string
	Region    string
	Dir       string // the data directory

	cmd  *exec.Cmd
	out  *testenv.TailBuffer
	done chan struct{}
	tmp  string
}

// Options returns the driver options (params.Params.Options) for an
// account on s.
func (s *Server) Options() map[string]string {
	return map[string]string{
		"provider":          "minio",
		"endpoint":          s.Endpoint,
		"region":            s.Region,
		"access_key_id":     s.AccessKey,
		"secret_access_key": s.SecretKey,
	}
}

// Env returns the environment variables that point the AWS CLI at s.
func (s *Server) Env() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_DEFAULT_REGION=" + s.Region,
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// Start starts a server of its own for t, stopped when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := start(testenv.Binary(t, "minio"), testenv.FreePort(t), testenv.FreePort(t))
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

var shared struct {
	sync.Mutex
	srv *Server
	err error
}

// Shared returns the test binary's shared server, starting it on first
// use. Main stops it.
func Shared(t testing.TB) *Server {
	t.Helper()
	bin := testenv.Binary(t, "minio")
	shared.Lock()
	defer shared.Unlock()
	if shared.srv == nil && shared.err == nil {
		shared.srv, shared.err = start(bin, testenv.FreePort(t), testenv.FreePort(t))
	}
	if shared.err != nil {
		t.Fatalf("%v", shared.err)
	}
	select {
	case <-shared.srv.done:
		t.Fatalf("the shared MinIO exited; its output:\n%s", shared.srv.out.String())
	default:
	}
	return shared.srv
}

// Main runs the tests of a package, then stops the shared server.
func Main(m *testing.M) {
	code := m.Run()
	shared.Lock()
	if shared.srv != nil {
		if code != 0 {
			fmt.Fprintf(os.Stderr, "s3test: MinIO's last output:\n%s\n", shared.srv.out.String())
		}
		shared.srv.Stop()
	}
	shared.Unlock()
	os.Exit(code)
}

// Stop kills the server and removes its data.
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	<-s.done
	_ = os.RemoveAll(s.tmp)
}

func start(bin string, port, consolePort int) (*Server, error) {
	tmp, err := os.MkdirTemp("", "cloudfs-minio-")
	if err != nil {
		return nil, err
	}
	s := &Server{
		Endpoint:  "http://" + testenv.Addr(port),
		AccessKey: "cloudfs-test",
		SecretKey: "cloudfs-test-secret",
		Region:    "us-east-1",
		Dir:       filepath.Join(tmp, "data"),
		out:       &testenv.TailBuffer{},
		done:      make(chan struct{}),
		tmp:       tmp,
	}
	s.cmd = exec.Command(bin, "server", s.Dir,
		"--address", testenv.Addr(port), "--console-address", testenv.Addr(consolePort), "--quiet")
	s.cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+s.AccessKey,
		"MINIO_ROOT_PASSWORD="+s.SecretKey,
		"MINIO_REGION="+s.Region,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"HOME="+tmp,
	)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	// MinIO dies with the test binary, even if that is killed.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("start minio: %w", err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	if err := s.waitLive(60 * time.Second); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w; minio's output:\n%s", err, s.out.String())
	}
	return s, nil
}

// waitLive polls MinIO's liveness endpoint.
func (s *Server) waitLive(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	url := s.Endpoint + "/minio/health/live"
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("minio exited before it was live")
		case <-ctx.Done():
			return fmt.Errorf("minio at %s not live within %v", s.Endpoint, timeout)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
