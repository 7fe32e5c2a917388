package transport_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

func newRedirectServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.Handle("/final", hello)
	mux.Handle("/start", http.RedirectHandler("/final", http.StatusFound))
	mux.Handle("/loop", http.RedirectHandler("/loop", http.StatusFound))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestRedirects(t *testing.T) {
	srv := newRedirectServer(t)
	on, off := true, false
	tests := []struct {
		name          string
		globalFollow  bool
		follow        *bool
		wantFollowing bool
	}{
		{"default follows", true, nil, true},
		{"account off", true, &off, false},
		{"global off", false, nil, false},
		{"account on beats global off", false, &on, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			transport.SetDefaultFollowRedirects(tt.globalFollow)
			t.Cleanup(func() { transport.SetDefaultFollowRedirects(true) })
			c := newClient(t, transport.Options{FollowRedirects: tt.follow})

			resp, err := c.Get(srv.URL + "/start")
			require.NoError(t, err)
			resp.Body.Close()
			if tt.wantFollowing {
				require.Equal(t, http.StatusOK, resp.StatusCode)
				require.Equal(t, "/final", resp.Request.URL.Path)
			} else {
				require.Equal(t, http.StatusFound, resp.StatusCode)
				require.Equal(t, "/final", resp.Header.Get("Location"))
			}
		})
	}
}

func TestRedirectLimit(t *testing.T) {
	srv := newRedirectServer(t)
	c := newClient(t, transport.Options{})
	_, err := c.Get(srv.URL + "/loop")
	require.ErrorContains(t, err, "stopped after 10 redirects")
}
