// random_uuid: a version 4 (random) UUID. Imported by the UUID itself.
#include <cctype>

#include "providers/random/common.hpp"
#include "providers/random/random_source.hpp"
#include "providers/random/resources.hpp"

namespace infra::providers::random {

namespace {

constexpr std::size_t kUuidLength = 36;

bool is_hyphen_position(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

std::string format_uuid(std::string bytes) {
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    if (is_hyphen_position(out.size())) out.push_back('-');
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

json with_result(json state, const std::string& uuid) {
  state["result"] = uuid;
  state["id"] = uuid;
  return state;
}

json create(const json& planned) {
  return with_result(planned, format_uuid(RandomSource().bytes(16)));
}

json import(const std::string& id) {
  bool ok = id.size() == kUuidLength;
  std::string lower;
  for (std::size_t i = 0; ok && i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    ok = is_hyphen_position(i) ? c == '-' : std::isxdigit(c) != 0;
    lower.push_back(static_cast<char>(std::tolower(c)));
  }
  if (!ok) {
    throw sdk::Error("invalid import id \"" + id +
                     "\": expected a UUID such as \"6ba7b810-9dad-41d1-80b4-00c04fd430c8\"");
  }
  return with_result({{"keepers", nullptr}}, lower);
}

ResourceSchema schema() {
  ResourceSchema s;
  s.type = "random_uuid";
  s.description = "A random (version 4) UUID.";
  s.attributes = {
      keepers_attribute(),
      computed("result", "The UUID, in lowercase."),
      computed("id", "The same as result."),
  };
  return s;
}

}  // namespace

sdk::Resource random_uuid_resource() {
  return random_resource(schema(), {},
                         {.validate = nullptr, .create = create, .import = import});
}

}  // namespace infra::providers::random
