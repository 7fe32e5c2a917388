package driver

import "slices"

// ZoneType says whether the provider is the zone's primary source.
type ZoneType string

// The zone types (libcloud's names).
const (
	ZoneMaster ZoneType = "master" // records are edited here
	ZoneSlave  ZoneType = "slave"  // records are transferred from Extra["master"]
)

// Zone is a DNS zone. It is shown as dns/<account>/<zone>/zone.json.
type Zone struct {
	ID string `json:"id"`
	// Domain is the zone's name in ASCII (IDNs as punycode), lower case,
	// without the trailing dot: "example.com", "xn--bcher-kva.example".
	Domain string   `json:"domain"`
	Type   ZoneType `json:"type"`
	// TTL is the default TTL of records that have none ($TTL).
	TTL   int               `json:"ttl"`
	Extra map[string]string `json:"extra,omitempty"`
}

// Record is one resource record: one value of an RRset. Several A or TXT
// records on one name are separate Records.
type Record struct {
	ID string `json:"id"`
	// Name is relative to the zone: "" for the apex, "www", "*.dev",
	// "_sip._tcp". Lower case, ASCII (punycode), in zone-file
	// presentation form.
	Name string     `json:"name"`
	Type RecordType `json:"type"`
	// Data is the record's value in zone-file presentation form, with
	// domain names absolute (trailing dot) and without the priority of MX
	// and SRV records: "192.0.2.1", "mail.example.com.",
	// "5 5060 sip.example.com." (SRV weight, port, target),
	// "\"v=spf1 -all\"" (TXT: one or more quoted strings).
	// The portable API accepts unquoted TXT values and quotes them.
	Data string `json:"data"`
	// TTL in seconds; 0 means the zone's default.
	TTL int `json:"ttl,omitempty"`
	// Priority of MX and SRV records (0 for other types).
	Priority int               `json:"priority,omitempty"`
	Extra    map[string]string `json:"extra,omitempty"`
}

// RecordType is a DNS record type, by its mnemonic.
type RecordType string

// The record types: libcloud's set, those miekg/dns can write to a zone
// file, and ALIAS (an apex CNAME-like pseudo type that PowerDNS, Route53
// and others serve; written to zone files as PowerDNS does).
const (
	A          RecordType = "A"
	AAAA       RecordType = "AAAA"
	AFSDB      RecordType = "AFSDB"
	ALIAS      RecordType = "ALIAS"
	CAA        RecordType = "CAA"
	CERT       RecordType = "CERT"
	CNAME      RecordType = "CNAME"
	DNAME      RecordType = "DNAME"
	DNSKEY     RecordType = "DNSKEY"
	DS         RecordType = "DS"
	HINFO      RecordType = "HINFO"
	HTTPS      RecordType = "HTTPS"
	LOC        RecordType = "LOC"
	MX         RecordType = "MX"
	NAPTR      RecordType = "NAPTR"
	NS         RecordType = "NS"
	OPENPGPKEY RecordType = "OPENPGPKEY"
	PTR        RecordType = "PTR"
	RP         RecordType = "RP"
	SMIMEA     RecordType = "SMIMEA"
	SOA        RecordType = "SOA"
	SPF        RecordType = "SPF"
	SRV        RecordType = "SRV"
	SSHFP      RecordType = "SSHFP"
	SVCB       RecordType = "SVCB"
	TLSA       RecordType = "TLSA"
	TXT        RecordType = "TXT"
	URI        RecordType = "URI"
)

// RecordTypes lists every RecordType in alphabetical order.
var RecordTypes = []RecordType{
	A, AAAA, AFSDB, ALIAS, CAA, CERT, CNAME, DNAME, DNSKEY, DS, HINFO, HTTPS,
	LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, RP, SMIMEA, SOA, SPF, SRV, SSHFP,
	SVCB, TLSA, TXT, URI,
}

// Valid reports whether t is a known type.
func (t RecordType) Valid() bool { return slices.Contains(RecordTypes, t) }

// HasPriority reports whether records of type t carry a Priority.
func (t RecordType) HasPriority() bool { return t == MX || t == SRV }
