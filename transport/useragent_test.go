package transport_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

func TestUserAgent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got <- r.UserAgent()
	}))
	t.Cleanup(srv.Close)

	tests := []struct {
		name, override, sent, want string
	}{
		{name: "none of its own", want: "cloudfs/" + transport.Version},
		{name: "SDK's own kept after ours", sent: "aws-sdk-go-v2/1.30.3 os/linux",
			want: "cloudfs/" + transport.Version + " aws-sdk-go-v2/1.30.3 os/linux"},
		{name: "already ours", sent: "cloudfs/" + transport.Version, want: "cloudfs/" + transport.Version},
		{name: "override", override: "acme-backup/2", want: "acme-backup/2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, transport.Options{UserAgent: tt.override})
			req, err := http.NewRequest("GET", srv.URL, nil)
			require.NoError(t, err)
			if tt.sent != "" {
				req.Header.Set("User-Agent", tt.sent)
			}
			resp, err := c.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tt.want, <-got)
			require.Equal(t, tt.sent, req.Header.Get("User-Agent"), "the caller's request is not modified")
		})
	}
}
