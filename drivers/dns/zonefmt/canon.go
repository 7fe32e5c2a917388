package zonefmt

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/miekg/dns"
)

// MaxTTL is the largest TTL RFC 2181 allows.
const MaxTTL = math.MaxInt32

// Canonicalize checks a record spec for the zone domain and returns it in
// canonical form: the name relative and normalised, the type upper case,
// and the data as miekg/dns prints it (see the package doc). An
// unquoted TXT or SPF value is taken as one string and quoted. Anything
// malformed is errs.InvalidArgument.
func Canonicalize(domain string, s driver.RecordSpec) (driver.RecordSpec, error) {
	bad := func(format string, args ...any) (driver.RecordSpec, error) {
		return s, errs.Errorf(errs.InvalidArgument, "", s.Name, format, args...)
	}
	out := s
	out.Type = driver.RecordType(strings.ToUpper(strings.TrimSpace(string(s.Type))))
	if !out.Type.Valid() {
		return bad("unknown record type %q", s.Type)
	}
	name, err := NormalizeName(s.Name, domain)
	if err != nil {
		return s, err
	}
	out.Name = name
	if s.TTL < 0 || s.TTL > MaxTTL {
		return bad("TTL %d out of range", s.TTL)
	}
	if !out.Type.HasPriority() && s.Priority != 0 {
		return bad("%s records have no priority", out.Type)
	}
	if s.Priority < 0 || s.Priority > math.MaxUint16 {
		return bad("priority %d out of range", s.Priority)
	}
	data := strings.TrimSpace(s.Data)
	if data == "" || strings.ContainsAny(data, "\n\r") {
		return bad("%s data must be one non-empty line", out.Type)
	}
	if (out.Type == driver.TXT || out.Type == driver.SPF) && !strings.HasPrefix(data, `"`) {
		data = quoteTXT(data)
	}
	if nameTypes[out.Type] && !isASCII(data) {
		if data, err = punycodeFields(data); err != nil {
			return s, err
		}
	}
	if out.Type.HasPriority() {
		data = strconv.Itoa(s.Priority) + " " + data
	}
	rec, err := parseRdata(domain, out.Type, data)
	if err != nil {
		return bad("bad %s data %q: %v", out.Type, s.Data, err)
	}
	if err := checkStable(domain, rec); err != nil {
		return s, err
	}
	out.Data, out.Priority = rec.Data, rec.Priority
	return out, nil
}

// parseRdata parses one record's data (with the priority in front for MX
// and SRV) at the apex of domain.
func parseRdata(domain string, typ driver.RecordType, data string) (driver.Record, error) {
	line := fmt.Sprintf("@ 1 IN %s %s\n", typ, data)
	zp := dns.NewZoneParser(strings.NewReader(line), domain+".", "")
	rr, ok := zp.Next()
	if !ok {
		if err := zp.Err(); err != nil {
			return driver.Record{}, err
		}
		return driver.Record{}, errors.New("no record")
	}
	if _, more := zp.Next(); more {
		return driver.Record{}, errors.New("more than one record")
	}
	return recordFromRR(rr, domain)
}

// checkStable makes sure a canonical record parses back to itself, so
// that what is written can be read again. miekg/dns accepts a few values
// it cannot print in a form it reads back (a CAA record with an empty
// tag); they are refused.
func checkStable(domain string, r driver.Record) error {
	again, err := parseRdata(domain, r.Type, rdata(r))
	if err == nil && again.Data == r.Data && again.Priority == r.Priority {
		return nil
	}
	return errs.Errorf(errs.InvalidArgument, "", Absolute(r.Name, domain), "%s data %q does not survive a round trip through a zone file", r.Type, r.Data)
}

// nameTypes are the types whose data holds domain names only (and
// numbers), where IDN names are converted to punycode.
var nameTypes = map[driver.RecordType]bool{
	driver.CNAME: true, driver.NS: true, driver.PTR: true, driver.DNAME: true,
	driver.ALIAS: true, driver.MX: true, driver.SRV: true,
}

// punycodeFields converts each non-ASCII field of data to punycode.
func punycodeFields(data string) (string, error) {
	f := strings.Fields(data)
	for i, x := range f {
		if isASCII(x) {
			continue
		}
		a, err := asciiName(strings.TrimSuffix(x, "."))
		if err != nil {
			return "", err
		}
		if strings.HasSuffix(x, ".") {
			a += "."
		}
		f[i] = a
	}
	return strings.Join(f, " "), nil
}

// quoteTXT makes one quoted character string of s; miekg/dns splits it
// into strings of at most 255 bytes when parsing.
func quoteTXT(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// recordFromRR turns a parsed RR into a Record with canonical data.
func recordFromRR(rr dns.RR, domain string) (driver.Record, error) {
	h := rr.Header()
	name, ok := relative(h.Name, domain)
	if !ok {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", h.Name, "record is outside the zone %s", domain)
	}
	if h.Class != dns.ClassINET {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", h.Name, "class %s: only IN is supported", dns.Class(h.Class))
	}
	typ := driver.RecordType(dns.Type(h.Rrtype).String())
	if !typ.Valid() {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", h.Name, "unsupported record type %s", typ)
	}
	rec := driver.Record{Name: name, Type: typ, TTL: int(h.Ttl)}
	foldCase(rr, domain)
	switch v := rr.(type) {
	case *dns.MX:
		rec.Priority, rec.Data = int(v.Preference), v.Mx
	case *dns.SRV:
		rec.Priority = int(v.Priority)
		rec.Data = fmt.Sprintf("%d %d %s", v.Weight, v.Port, v.Target)
	default:
		rec.Data = strings.TrimPrefix(rr.String(), h.String())
	}
	if rec.Data == "" {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", h.Name, "%s record without data", typ)
	}
	return rec, nil
}

// foldCase lower-cases the domain names and hex strings inside rr's data,
// which compare without case, so that identity does not depend on case.
func foldCase(rr dns.RR, domain string) {
	l := strings.ToLower
	switch v := rr.(type) {
	case *dns.CNAME:
		v.Target = l(v.Target)
	case *dns.NS:
		v.Ns = l(v.Ns)
	case *dns.PTR:
		v.Ptr = l(v.Ptr)
	case *dns.DNAME:
		v.Target = l(v.Target)
	case *dns.MX:
		v.Mx = l(v.Mx)
	case *dns.SRV:
		v.Target = l(v.Target)
	case *dns.SOA:
		v.Ns, v.Mbox = l(v.Ns), l(v.Mbox)
	case *dns.TLSA:
		v.Certificate = l(v.Certificate)
	case *dns.SMIMEA:
		v.Certificate = l(v.Certificate)
	case *dns.DS:
		v.Digest = l(v.Digest)
	case *dns.PrivateRR:
		if a, ok := v.Data.(*aliasRdata); ok && !dns.IsFqdn(a.target) {
			a.target = l(Absolute(a.target, domain))
		}
	}
}
