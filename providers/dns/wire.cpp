// Encoding and decoding of DNS messages: names with escapes and compression pointers,
// records, and the four sections.
#include "providers/dns/wire.hpp"

#include <cctype>

namespace infra::providers::dns {

namespace {

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxLabel = 63;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// A label byte as presentation text: dots, backslashes and non-printable bytes escaped.
void append_label_byte(std::string& out, unsigned char c) {
  if (c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' ||
      c == '$') {
    out += '\\';
    out += static_cast<char>(c);
  } else if (c <= 0x20 || c >= 0x7F) {
    const char digits[] = {'\\', static_cast<char>('0' + c / 100),
                           static_cast<char>('0' + c / 10 % 10), static_cast<char>('0' + c % 10)};
    out.append(digits, 4);
  } else {
    out += static_cast<char>(c);
  }
}

Record decode_record(const std::string& wire, std::size_t& offset, bool question) {
  Record r;
  r.name = decode_name(wire, offset);
  r.type = get16(wire, offset);
  r.klass = get16(wire, offset + 2);
  offset += 4;
  if (question) return r;
  r.ttl = get32(wire, offset);
  const std::uint16_t length = get16(wire, offset + 4);
  offset += 6;
  if (offset + length > wire.size()) throw WireError("record data runs past the message");
  const std::size_t end = offset + length;
  // Names in these records may be compressed; store them expanded so that rdata stands alone.
  std::size_t at = offset;
  switch (r.type) {
    case rr::kCname:
    case rr::kPtr:
    case rr::kNs:
      r.rdata = encode_name(decode_name(wire, at));
      break;
    case rr::kSrv:
      if (length < 7) throw WireError("SRV record too short");
      r.rdata = wire.substr(offset, 6);
      at += 6;
      r.rdata += encode_name(decode_name(wire, at));
      break;
    default:
      r.rdata = wire.substr(offset, length);
  }
  offset = end;
  return r;
}

void append_record(std::string& out, const Record& r, bool question) {
  out += encode_name(r.name);
  put16(out, r.type);
  put16(out, r.klass);
  if (question) return;
  put32(out, r.ttl);
  put16(out, static_cast<std::uint16_t>(r.rdata.size()));
  out += r.rdata;
}

}  // namespace

void put16(std::string& out, std::uint16_t value) {
  out += static_cast<char>(value >> 8);
  out += static_cast<char>(value & 0xFF);
}

void put32(std::string& out, std::uint32_t value) {
  put16(out, static_cast<std::uint16_t>(value >> 16));
  put16(out, static_cast<std::uint16_t>(value & 0xFFFF));
}

std::uint16_t get16(const std::string& wire, std::size_t offset) {
  if (offset + 2 > wire.size()) throw WireError("message ends early");
  return static_cast<std::uint16_t>((static_cast<unsigned char>(wire[offset]) << 8) |
                                    static_cast<unsigned char>(wire[offset + 1]));
}

std::uint32_t get32(const std::string& wire, std::size_t offset) {
  return (static_cast<std::uint32_t>(get16(wire, offset)) << 16) | get16(wire, offset + 2);
}

std::string encode_name(const std::string& text, bool canonical) {
  std::string out;
  std::string label;
  auto finish_label = [&] {
    if (label.empty()) throw WireError("empty label in name \"" + text + "\"");
    if (label.size() > kMaxLabel) {
      throw WireError("label longer than 63 bytes in name \"" + text + "\"");
    }
    out += static_cast<char>(label.size());
    out += label;
    label.clear();
  };
  if (text != ".") {
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '.') {
        finish_label();
        continue;
      }
      if (c == '\\' && i + 1 < text.size()) {
        if (i + 3 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
            std::isdigit(static_cast<unsigned char>(text[i + 3]))) {
          const int value = std::stoi(text.substr(i + 1, 3));
          if (value > 255) throw WireError("bad escape in name \"" + text + "\"");
          c = static_cast<char>(value);
          i += 3;
        } else {
          c = text[++i];
        }
      }
      label += canonical ? lower(c) : c;
    }
    if (!label.empty()) finish_label();  // a name without its final dot
  }
  out += '\0';
  if (out.size() > kMaxName) throw WireError("name longer than 255 bytes: \"" + text + "\"");
  return out;
}

std::string decode_name(const std::string& wire, std::size_t& offset) {
  std::string out;
  std::size_t at = offset;
  bool jumped = false;
  std::size_t length = 0;
  for (int hops = 0;; ++hops) {
    if (at >= wire.size()) throw WireError("name runs past the message");
    const auto byte = static_cast<unsigned char>(wire[at]);
    if ((byte & 0xC0) == 0xC0) {
      // A pointer to an earlier name; a bound on hops stops loops.
      if (hops > 127) throw WireError("compression pointer loop");
      const std::size_t target = get16(wire, at) & 0x3FFF;
      if (!jumped) offset = at + 2;
      jumped = true;
      at = target;
      continue;
    }
    if ((byte & 0xC0) != 0) throw WireError("unknown label type");
    if (byte == 0) {
      if (!jumped) offset = at + 1;
      break;
    }
    if (at + 1 + byte > wire.size()) throw WireError("label runs past the message");
    length += byte + 1;
    if (length > kMaxName) throw WireError("name longer than 255 bytes");
    for (std::size_t i = 0; i < byte; ++i) {
      append_label_byte(out, static_cast<unsigned char>(wire[at + 1 + i]));
    }
    out += '.';
    at += 1 + byte;
  }
  return out.empty() ? "." : out;
}

bool same_name(const std::string& a, const std::string& b) {
  auto strip = [](const std::string& s) {
    return !s.empty() && s.back() == '.' && s != "." ? s.substr(0, s.size() - 1) : s;
  };
  const std::string x = strip(a);
  const std::string y = strip(b);
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (lower(x[i]) != lower(y[i])) return false;
  }
  return true;
}

std::string encode_record(const Record& record) {
  std::string out;
  append_record(out, record, false);
  return out;
}

std::string encode(const Message& m) {
  std::string out;
  put16(out, m.id);
  put16(out, m.flags);
  for (const auto* section : {&m.question, &m.answer, &m.authority, &m.additional}) {
    put16(out, static_cast<std::uint16_t>(section->size()));
  }
  for (const auto& r : m.question) append_record(out, r, true);
  for (const auto* section : {&m.answer, &m.authority, &m.additional}) {
    for (const auto& r : *section) append_record(out, r, false);
  }
  return out;
}

Message decode(const std::string& wire) {
  Message m;
  m.id = get16(wire, 0);
  m.flags = get16(wire, 2);
  const std::uint16_t counts[] = {get16(wire, 4), get16(wire, 6), get16(wire, 8),
                                  get16(wire, 10)};
  std::size_t offset = 12;
  for (std::uint16_t i = 0; i < counts[0]; ++i) {
    m.question.push_back(decode_record(wire, offset, true));
  }
  std::vector<Record>* sections[] = {&m.answer, &m.authority, &m.additional};
  for (int s = 0; s < 3; ++s) {
    for (std::uint16_t i = 0; i < counts[s + 1]; ++i) {
      if (s == 2) m.last_additional_offset = offset;
      sections[s]->push_back(decode_record(wire, offset, false));
    }
  }
  return m;
}

std::string type_name(std::uint16_t type) {
  switch (type) {
    case rr::kA: return "A";
    case rr::kNs: return "NS";
    case rr::kCname: return "CNAME";
    case rr::kSoa: return "SOA";
    case rr::kPtr: return "PTR";
    case rr::kMx: return "MX";
    case rr::kTxt: return "TXT";
    case rr::kAaaa: return "AAAA";
    case rr::kSrv: return "SRV";
    case rr::kTsig: return "TSIG";
    case rr::kAny: return "ANY";
    default: return "TYPE" + std::to_string(type);
  }
}

std::string rcode_name(int rcode) {
  switch (rcode) {
    case 0: return "NOERROR";
    case 1: return "FORMERR";
    case 2: return "SERVFAIL";
    case 3: return "NXDOMAIN";
    case 4: return "NOTIMP";
    case 5: return "REFUSED";
    case 6: return "YXDOMAIN";
    case 7: return "YXRRSET";
    case 8: return "NXRRSET";
    case 9: return "NOTAUTH";
    case 10: return "NOTZONE";
    case 16: return "BADSIG";
    case 17: return "BADKEY";
    case 18: return "BADTIME";
    case 22: return "BADTRUNC";
    default: return "RCODE " + std::to_string(rcode);
  }
}

}  // namespace infra::providers::dns
