package transport_test

import (
	"bytes"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

func TestMerge(t *testing.T) {
	off := false
	global := transport.Options{
		Proxy:          "http://global-proxy:3128",
		NoProxy:        ".internal",
		CAFile:         "/etc/global-ca.pem",
		ConnectTimeout: transport.Duration(5 * time.Second),
		MaxAttempts:    3,
		Debug:          true,
	}
	account := transport.Options{
		Proxy:           transport.ProxyDirect,
		FollowRedirects: &off,
		MaxAttempts:     7,
	}
	got := transport.Merge(global, account)
	require.Equal(t, transport.Options{
		Proxy:           transport.ProxyDirect,
		NoProxy:         ".internal",
		FollowRedirects: &off,
		CAFile:          "/etc/global-ca.pem",
		ConnectTimeout:  transport.Duration(5 * time.Second),
		MaxAttempts:     7,
		Debug:           true,
	}, got)

	require.Equal(t, global, transport.Merge(global, transport.Options{}), "empty account changes nothing")
	require.Equal(t, account, transport.Merge(transport.Options{}, account), "empty global takes the account")
}

// TestMergeEveryField guards Merge against fields added to Options later:
// each one, when set on the account, must win.
func TestMergeEveryField(t *testing.T) {
	typ := reflect.TypeFor[transport.Options]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		var account transport.Options
		v := reflect.ValueOf(&account).Elem().Field(i)
		setNonZero(t, v)
		got := transport.Merge(transport.Options{}, account)
		require.False(t, reflect.ValueOf(got).Field(i).IsZero(), f.Name)
	}
}

func setNonZero(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Func:
		v.Set(reflect.MakeFunc(v.Type(), nil))
	case reflect.Interface: // io.Writer, http.RoundTripper
		v.Set(reflect.ValueOf(roundTripWriter{}))
	default:
		t.Fatalf("setNonZero: add a case for %s", v.Type())
	}
}

// roundTripWriter satisfies every interface field of Options.
type roundTripWriter struct{ *bytes.Buffer }

func (roundTripWriter) RoundTrip(*http.Request) (*http.Response, error) { return nil, nil }
