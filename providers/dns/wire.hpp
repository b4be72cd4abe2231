// The DNS message format (RFC 1035 section 4, RFC 2136 for UPDATE): names, resource
// records and whole messages, encoded without compression and decoded with it. Only what
// the provider needs: the record types it manages keep their names uncompressed in rdata.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace infra::providers::dns {

/// Record types (RFC 1035, 3596, 2782, 8945).
namespace rr {
inline constexpr std::uint16_t kA = 1;
inline constexpr std::uint16_t kNs = 2;
inline constexpr std::uint16_t kCname = 5;
inline constexpr std::uint16_t kSoa = 6;
inline constexpr std::uint16_t kPtr = 12;
inline constexpr std::uint16_t kMx = 15;
inline constexpr std::uint16_t kTxt = 16;
inline constexpr std::uint16_t kAaaa = 28;
inline constexpr std::uint16_t kSrv = 33;
inline constexpr std::uint16_t kTsig = 250;
inline constexpr std::uint16_t kAny = 255;
}  // namespace rr

/// Classes; NONE and ANY carry the meanings RFC 2136 gives them in UPDATE messages.
inline constexpr std::uint16_t kClassIn = 1;
inline constexpr std::uint16_t kClassNone = 254;
inline constexpr std::uint16_t kClassAny = 255;

inline constexpr int kOpcodeQuery = 0;
inline constexpr int kOpcodeUpdate = 5;

/// A message that is not valid DNS (truncated, a bad name, a pointer loop).
class WireError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One resource record (or a question, which uses name, type and klass only).
struct Record {
  std::string name;  // absolute, in presentation form: "www.infra.test."
  std::uint16_t type = 0;
  std::uint16_t klass = kClassIn;
  std::uint32_t ttl = 0;
  std::string rdata;  // wire form; the names inside are uncompressed
};

/// One message. In an UPDATE, `question` is the zone section, `answer` the prerequisites
/// and `authority` the updates.
struct Message {
  std::uint16_t id = 0;
  std::uint16_t flags = 0;  // QR, opcode, AA, TC, RD, RA, rcode
  std::vector<Record> question;
  std::vector<Record> answer;
  std::vector<Record> authority;
  std::vector<Record> additional;
  /// Where the last additional record starts in the decoded bytes (TSIG is checked over
  /// everything before it); 0 when there is none or the message was not decoded.
  std::size_t last_additional_offset = 0;

  int opcode() const { return (flags >> 11) & 0xF; }
  int rcode() const { return flags & 0xF; }
  bool truncated() const { return (flags & 0x0200) != 0; }
  bool is_response() const { return (flags & 0x8000) != 0; }
};

/// The wire form of the absolute name `text` ("www.infra.test." or "."), lower-cased when
/// `canonical` (RFC 4034 section 6.2, as TSIG needs). Accepts \. and \DDD escapes. Throws
/// WireError for an empty label or one longer than 63 bytes, or a name over 255.
std::string encode_name(const std::string& text, bool canonical = false);
/// Reads a name at `offset` of `wire`, following compression pointers; advances `offset`
/// past it. Returns the presentation form, with \. \\ and \DDD escapes where needed.
std::string decode_name(const std::string& wire, std::size_t& offset);

/// Whether two presentation-form names are the same name (DNS names ignore ASCII case).
bool same_name(const std::string& a, const std::string& b);

/// One record in wire form, as it appears in a section.
std::string encode_record(const Record& record);
/// The message in wire form, names uncompressed.
std::string encode(const Message& message);
/// The message `wire` holds; names in the rdata of CNAME, PTR, NS and SRV records are
/// decompressed. Throws WireError.
Message decode(const std::string& wire);

/// Appends `value` in network byte order.
void put16(std::string& out, std::uint16_t value);
void put32(std::string& out, std::uint32_t value);
/// Reads a 16- or 32-bit value in network byte order at `offset`; throws WireError past the end.
std::uint16_t get16(const std::string& wire, std::size_t offset);
std::uint32_t get32(const std::string& wire, std::size_t offset);

/// "A", "AAAA", "TXT", ... for the types above; "TYPE99" for others.
std::string type_name(std::uint16_t type);

/// "NOERROR", "REFUSED", ... for an rcode (RFC 1035, 2136, 8945); "RCODE 12" for others.
std::string rcode_name(int rcode);

}  // namespace infra::providers::dns
