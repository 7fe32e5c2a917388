package zonefmt

import (
	"errors"
	"strings"

	"github.com/miekg/dns"
)

// TypeALIAS is the type code PowerDNS gives its ALIAS pseudo record. It is
// in the private range, so miekg/dns does not know it by itself.
const TypeALIAS = 65401

// registered makes miekg/dns parse and print ALIAS records. It writes to
// miekg/dns's global type tables, so it runs once, while the program
// initialises and before any goroutine can read them; a lazy sync.Once
// would race with other packages that use miekg/dns. This is the one piece
// of package initialisation in the DNS code, and it registers a record
// type, not a driver.
var registered = registerAlias()

func registerAlias() bool {
	if _, ok := dns.StringToType["ALIAS"]; !ok {
		dns.PrivateHandle("ALIAS", TypeALIAS, func() dns.PrivateRdata { return new(aliasRdata) })
	}
	return true
}

// aliasRdata is the data of an ALIAS record: one target name.
type aliasRdata struct{ target string }

func (r *aliasRdata) String() string { return r.target }

func (r *aliasRdata) Parse(txt []string) error {
	if len(txt) != 1 {
		return errors.New("ALIAS takes one target name")
	}
	if _, ok := dns.IsDomainName(txt[0]); !ok {
		return errors.New("bad ALIAS target")
	}
	r.target = strings.ToLower(txt[0])
	return nil
}

func (r *aliasRdata) Pack(buf []byte) (int, error) {
	return dns.PackDomainName(dns.Fqdn(r.target), buf, 0, nil, false)
}

func (r *aliasRdata) Unpack(buf []byte) (int, error) {
	name, off, err := dns.UnpackDomainName(buf, 0)
	if err != nil {
		return off, err
	}
	r.target = name
	return off, nil
}

func (r *aliasRdata) Copy(dest dns.PrivateRdata) error {
	d, ok := dest.(*aliasRdata)
	if !ok {
		return dns.ErrRdata
	}
	d.target = r.target
	return nil
}

func (r *aliasRdata) Len() int { return len(dns.Fqdn(r.target)) + 1 }
