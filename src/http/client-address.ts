import { BlockList, isIP } from "node:net";

/** IPv4 peers on a dual-stack socket arrive as IPv4-mapped IPv6 ("::ffff:10.0.0.1"). */
const unmapped = (address: string): string => address.replace(/^::ffff:(?=\d+\.)/i, "");

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * TRUSTED_PROXIES: comma-separated addresses and CIDR ranges of the proxies in front of the
 * server (`10.0.0.0/8, 127.0.0.1, ::1`). Empty or unset trusts none: X-Forwarded-For is then
 * ignored, since any client can send it. A malformed entry is refused at start-up.
 */
export function trustedProxiesFromSetting(setting: string | undefined): BlockList {
  const trusted = new BlockList();
  for (const entry of (setting ?? "").split(",").map((part) => part.trim())) {
    if (entry === "") continue;
    const [address = "", prefix] = entry.split("/");
    const bits = prefix === undefined ? undefined : Number(prefix);
    const max = isIP(address) === 6 ? 128 : 32;
    if (!isIP(address) || (bits !== undefined && !(Number.isInteger(bits) && bits <= max))) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    }
    if (bits === undefined) trusted.addAddress(address, family(address));
    else trusted.addSubnet(address, bits, family(address));
  }
  return trusted;
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy; then X-Forwarded-For is
 * read from its end (each proxy appends the address it heard from) past every trusted proxy, to
 * the first address a trusted proxy vouches for. A client cannot forge its way past that: what it
 * wrote itself sits further left.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | null,
  trusted: BlockList,
): string {
  let address = unmapped(peer ?? "unknown");
  const hops = (forwardedFor ?? "").split(",").map((hop) => unmapped(hop.trim()));
  while (isIP(address) && trusted.check(address, family(address))) {
    const hop = hops.pop();
    if (hop === undefined || !isIP(hop)) break;
    address = hop;
  }
  return address;
}
