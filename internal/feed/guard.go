package feed

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// blockedPrefixes are ranges refused beyond what netip's predicates cover:
// "this network", shared (carrier-grade NAT) space, IETF protocol
// assignments, documentation and benchmarking ranges, and the reserved
// 240.0.0.0/4 block including the broadcast address.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// Prefixes whose IPv6 addresses embed an IPv4 address that is checked too:
// NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// CheckAddr reports whether a connection to ip would reach a private,
// loopback, link-local, multicast, unspecified or otherwise non-public
// address; such an address is refused with an error wrapping
// ErrBlockedAddress. IPv4-mapped, NAT64 and 6to4 IPv6 forms are checked
// through to the IPv4 address they carry.
func CheckAddr(ip netip.Addr) error {
	if !ip.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrBlockedAddress)
	}
	ip = ip.Unmap().WithZone("")
	bad := ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified()
	for _, p := range blockedPrefixes {
		bad = bad || p.Contains(ip)
	}
	if bad {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, ip)
	}
	if ip.Is6() {
		b := ip.As16()
		var v4 [4]byte
		switch {
		case nat64Prefix.Contains(ip):
			copy(v4[:], b[12:16])
		case sixToFour.Contains(ip):
			copy(v4[:], b[2:6])
		default:
			return nil
		}
		if err := CheckAddr(netip.AddrFrom4(v4)); err != nil {
			return fmt.Errorf("%w (embedded in %s)", err, ip)
		}
	}
	return nil
}

// guardControl returns a net.Dialer Control function applying check
// (CheckAddr in production). Control runs after name resolution, on the
// address the socket is about to connect to, for every connection the
// transport opens: the first hop, each redirect hop, and a re-resolution
// of the same name (DNS rebinding). A host name that resolves, or
// re-resolves, to a refused address therefore cannot get through, whatever
// an earlier lookup answered.
func guardControl(check func(netip.Addr) error) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return fmt.Errorf("%w: cannot read dial address %q", ErrBlockedAddress, address)
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return fmt.Errorf("%w: dial address %q is not an IP address", ErrBlockedAddress, address)
		}
		return check(ip)
	}
}
