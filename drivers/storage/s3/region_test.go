package s3

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRegionHintFromBody: a wrong-region error that names the region only
// in its body still leads to the region, and the body stays readable for
// the SDK's error parser.
func TestRegionHintFromBody(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'</Message><Region>eu-central-1</Region><RequestId>D5F2662865713BDC</RequestId><HostId>Bis=</HostId></Error>`
	resp := &http.Response{StatusCode: 400, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	regionHint(resp)
	assert.Equal(t, "eu-central-1", resp.Header.Get(headerBucketRegion))
	b, err := io.ReadAll(resp.Body)
	assert.NoError(t, err)
	assert.Equal(t, body, string(b))
	assert.NoError(t, resp.Body.Close())

	other := `<Error><Code>InvalidArgument</Code><Message>no</Message><Region>eu-central-1</Region></Error>`
	resp = &http.Response{StatusCode: 400, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(other))}
	regionHint(resp)
	assert.Empty(t, resp.Header.Get(headerBucketRegion), "only wrong-region errors")
	b, _ = io.ReadAll(resp.Body)
	assert.Equal(t, other, string(b))

	ok := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("data"))}
	regionHint(ok)
	b, _ = io.ReadAll(ok.Body)
	assert.Equal(t, "data", string(b), "success bodies are not touched")
}
