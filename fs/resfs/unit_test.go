package resfs

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScratchNames(t *testing.T) {
	for name, want := range map[string]bool{
		".web1.json.swp": true, ".web1.json.swx": true, "web1.json~": true, "4913": true,
		".#web1.json": true, "#web1.json#": true, ".web1.json.Ab12Cd": true, "sedAb12Cd": true,
		"x.tmp": true, "x.bak": true, ".errors": true,
		"web1.json": false, "records": false, "zone.json": false, "alice.pub": false, "sed.json": false,
	} {
		assert.Equal(t, want, isScratchName(name), name)
	}
	assert.Equal(t, "web1", trimSuffix("web1.json", ".json"))
	assert.Empty(t, trimSuffix(".json", ".json"))
	assert.Empty(t, trimSuffix(".web1.json", ".json"))
	assert.Empty(t, trimSuffix("web1.json~", ".json"))
	assert.Equal(t, "projects%2Fdebian%25x", escapeID("projects/debian%x"))
}

func TestDecodeStrict(t *testing.T) {
	type v struct {
		A string         `json:"a"`
		B map[string]int `json:"b"`
		C []struct {
			D int `json:"d"`
		} `json:"c"`
	}
	for in, want := range map[string]string{
		`{"a": "x"}`:                          "",
		`{"a": "x", "b": {"k": 1}}`:           "",
		``:                                    "the file is empty",
		`  `:                                  "the file is empty",
		`{"a": `:                              "unexpected end of JSON input",
		`{"a": 1}`:                            "cannot unmarshal number",
		`{"z": 1}`:                            `unknown field "z"`,
		`{"a": "x", "a": "y"}`:                `key "a" given twice in the top-level object`,
		`{"b": {"k": 1, "k": 2}}`:             `key "k" given twice in b`,
		`{"c": [{"d": 1}, {"d": 1, "d": 2}]}`: `key "d" given twice in c[1]`,
		`{"a": "x"} {"a": "y"}`:               "more than one value",
		`[1]`:                                 "cannot unmarshal array",
	} {
		var got v
		err := decodeStrict("op", "res", []byte(in), &got)
		if want == "" {
			assert.NoError(t, err, in)
			continue
		}
		require.Error(t, err, in)
		assert.True(t, errs.Is(err, errs.InvalidArgument), in)
		assert.Contains(t, err.Error(), want, in)
	}
}

func TestErrorLogIsABoundedRing(t *testing.T) {
	l := newErrorLog(slog.New(slog.NewTextHandler(io.Discard, nil)))
	assert.Empty(t, l.text())
	for i := range errorRing + 5 {
		l.add(fmt.Sprintf("compute/lab/nodes/n%d.json", i), errors.New("bad\nthing"))
	}
	lines := textLines(string(l.text()))
	require.Len(t, lines, errorRing)
	assert.Contains(t, lines[0], "compute/lab/nodes/n5.json: bad thing", "oldest kept first, one line each")
	assert.True(t, strings.HasSuffix(lines[errorRing-1], fmt.Sprintf("n%d.json: bad thing", errorRing+4)))
	assert.False(t, l.mtime().IsZero())
}
