package zonefmt

import (
	"strings"
	"unicode/utf8"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/miekg/dns"
	"golang.org/x/net/idna"
)

// NormalizeDomain returns a zone's domain in the form the API stores:
// ASCII with IDN labels as punycode, lower case, without the trailing dot.
// "Bücher.Example." becomes "xn--bcher-kva.example".
func NormalizeDomain(domain string) (string, error) {
	d := strings.TrimSuffix(strings.TrimSpace(domain), ".")
	if d == "" || strings.HasPrefix(d, "*") {
		return "", errs.Errorf(errs.InvalidArgument, "", domain, "not a zone name")
	}
	a, err := asciiName(d)
	if err != nil {
		return "", errs.E(errs.InvalidArgument, "", domain, err)
	}
	if _, ok := dns.IsDomainName(a + "."); !ok {
		return "", errs.Errorf(errs.InvalidArgument, "", domain, "not a valid domain name")
	}
	return a, nil
}

// NormalizeName returns a record name relative to domain (a normalised
// zone domain): "" for the apex, else lower-case ASCII labels. "@", the
// zone's own name with a trailing dot, and absolute names inside the zone
// are accepted; a name without a trailing dot is relative, as in a zone
// file. An absolute name outside the zone is errs.InvalidArgument.
func NormalizeName(name, domain string) (string, error) {
	n := strings.TrimSpace(name)
	if n == "" || n == "@" {
		return "", nil
	}
	a, err := asciiName(strings.TrimSuffix(n, "."))
	if err != nil {
		return "", errs.E(errs.InvalidArgument, "", name, err)
	}
	if strings.HasSuffix(n, ".") {
		switch {
		case a == domain:
			return "", nil
		case strings.HasSuffix(a, "."+domain):
			a = strings.TrimSuffix(a, "."+domain)
		default:
			return "", errs.Errorf(errs.InvalidArgument, "", name, "name is outside the zone %s", domain)
		}
	}
	if _, ok := dns.IsDomainName(Absolute(a, domain)); !ok || a == "" {
		return "", errs.Errorf(errs.InvalidArgument, "", name, "not a valid record name")
	}
	return a, nil
}

// Absolute is the fully qualified name of a relative record name.
func Absolute(rel, domain string) string {
	if rel == "" {
		return domain + "."
	}
	return rel + "." + domain + "."
}

// relative turns an absolute owner name from a parsed zone into a record
// name. ok is false if the name is outside the zone.
func relative(fqdn, domain string) (string, bool) {
	n := strings.ToLower(fqdn)
	origin := domain + "."
	switch {
	case n == origin:
		return "", true
	case strings.HasSuffix(n, "."+origin):
		return strings.TrimSuffix(n, "."+origin), true
	}
	return "", false
}

// asciiName lower-cases a name and converts each non-ASCII label to
// punycode. ASCII labels are kept as they are (so "_sip" and "*" stay).
func asciiName(s string) (string, error) {
	labels := strings.Split(s, ".")
	for i, l := range labels {
		if l == "" {
			return "", errs.Errorf(errs.InvalidArgument, "", s, "empty label")
		}
		if isASCII(l) {
			labels[i] = strings.ToLower(l)
			continue
		}
		if !utf8.ValidString(l) {
			return "", errs.Errorf(errs.InvalidArgument, "", s, "label is not UTF-8")
		}
		a, err := idna.Lookup.ToASCII(l)
		if err != nil {
			return "", errs.E(errs.InvalidArgument, "", s, err)
		}
		labels[i] = a
	}
	return strings.Join(labels, "."), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
