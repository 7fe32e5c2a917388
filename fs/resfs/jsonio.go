package resfs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// render is v as pretty JSON with a final newline: keys in struct field
// order, map keys sorted, so a value renders to the same bytes every time.
func render(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil { // the resource types always marshal
		panic(fmt.Sprintf("resfs: render %T: %v", v, err))
	}
	return append(b, '\n')
}

// decodeStrict decodes data, one JSON object, into v. Malformed JSON, an
// unknown field, a key given twice and anything after the object are
// errs.InvalidArgument, with the JSON error as the reason.
func decodeStrict(op, res string, data []byte, v any) error {
	bad := func(err error) error { return errs.E(errs.InvalidArgument, op, res, err) }
	if len(bytes.TrimSpace(data)) == 0 {
		return bad(errors.New("the file is empty (use rm to delete the resource)"))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = errors.New("unexpected end of JSON input")
		}
		return bad(fmt.Errorf("json: %w", err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad(errors.New("json: more than one value in the file"))
	}
	if err := checkDuplicateKeys(data); err != nil {
		return bad(err)
	}
	return nil
}

// checkDuplicateKeys fails on an object that has a key twice, at any
// depth (encoding/json would silently keep the last one).
func checkDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("json: %w", err)
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return fmt.Errorf("json: %w", err)
				}
				k, _ := kt.(string)
				if seen[k] {
					return fmt.Errorf("json: key %q given twice in %s", k, pathOr(path))
				}
				seen[k] = true
				if err := walk(path + "." + k); err != nil {
					return err
				}
			}
			_, err = dec.Token() // '}'
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token() // ']'
		}
		if err != nil {
			return fmt.Errorf("json: %w", err)
		}
		return nil
	}
	return walk("")
}

func pathOr(p string) string {
	if p == "" {
		return "the top-level object"
	}
	return strings.TrimPrefix(p, ".")
}
