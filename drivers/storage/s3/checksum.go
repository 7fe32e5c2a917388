package s3

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// checksum is how each part and each single PUT proves its bytes to the
// server, which refuses a body that does not match (option checksum).
//
// MD5 (Content-MD5) is what every S3-compatible server understands, and
// costs a core about 1.5 s per GiB: with the server on the same machine,
// as in the benchmarks, or on a busy client, it is most of the client's
// CPU. CRC32C (x-amz-checksum-crc32c, the "flexible checksums" AWS added
// in 2022 and MinIO supports) is computed by the CPU's crc32 instruction,
// some forty times faster, and guards against the same accidents
// (corruption in flight or in memory); neither is a defence against an
// attacker, which is TLS's job. A single PUT's ETag stays the MD5 of the
// content either way: the server computes it.
type checksum uint8

const (
	checksumMD5 checksum = iota
	checksumCRC32C
)

var checksumNames = map[string]checksum{"md5": checksumMD5, "crc32c": checksumCRC32C}

func parseChecksum(s string) (checksum, error) {
	c, ok := checksumNames[strings.ToLower(s)]
	if !ok {
		return 0, fmt.Errorf("unknown checksum %q (known: md5, crc32c)", s)
	}
	return c, nil
}

func (c checksum) String() string {
	if c == checksumCRC32C {
		return "crc32c"
	}
	return "md5"
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sum is b's checksum, base64-encoded as S3's headers want it.
func (c checksum) sum(b []byte) string {
	if c == checksumCRC32C {
		var s [4]byte
		binary.BigEndian.PutUint32(s[:], crc32.Checksum(b, castagnoli))
		return base64.StdEncoding.EncodeToString(s[:])
	}
	s := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

// put sets the checksum of a single PUT's body b.
func (c checksum) put(in *s3.PutObjectInput, b []byte) {
	if c == checksumCRC32C {
		in.ChecksumCRC32C = aws.String(c.sum(b))
		return
	}
	in.ContentMD5 = aws.String(c.sum(b))
}

// create declares the parts' checksum when a multipart upload starts
// (S3 wants every part, and the completion, to carry it then).
func (c checksum) create(in *s3.CreateMultipartUploadInput) {
	if c == checksumCRC32C {
		in.ChecksumAlgorithm = types.ChecksumAlgorithmCrc32c
	}
}

// part sets the checksum of part body b, and returns what the completion
// lists for the part.
func (c checksum) part(in *s3.UploadPartInput, b []byte) types.CompletedPart {
	s := c.sum(b)
	if c == checksumCRC32C {
		in.ChecksumCRC32C = aws.String(s)
		return types.CompletedPart{ChecksumCRC32C: aws.String(s)}
	}
	in.ContentMD5 = aws.String(s)
	return types.CompletedPart{}
}
