// Instance keys and addresses: formatting and parsing.
#include "planner/address.hpp"

#include <cctype>
#include <charconv>

namespace infra::planner {

std::string InstanceKey::suffix() const {
  switch (kind) {
    case Kind::None:
      return "";
    case Kind::Index:
      return "[" + std::to_string(index) + "]";
    case Kind::Name:
      break;
  }
  std::string out = "[\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"]";
}

lang::Value InstanceKey::value() const {
  switch (kind) {
    case Kind::None:
      return lang::Value::null();
    case Kind::Index:
      return lang::Value::number(lang::Number(index));
    case Kind::Name:
      break;
  }
  return lang::Value::string(name);
}

std::string join_address(const std::string& prefix, const std::string& rest) {
  return prefix.empty() ? rest : prefix + "." + rest;
}

std::string InstanceAddress::module_address() const {
  std::string out;
  for (const auto& [call, key] : modules) out = join_address(out, "module." + call + key.suffix());
  return out;
}

std::string InstanceAddress::module_path() const {
  std::string out;
  for (const auto& step : modules) out = join_address(out, "module." + step.first);
  return out;
}

std::string InstanceAddress::resource() const {
  return (data ? "data." : "") + type + "." + name;
}

std::string InstanceAddress::config_address() const {
  return join_address(module_path(), resource());
}

std::string InstanceAddress::str() const {
  return join_address(module_address(), resource() + key.suffix());
}

namespace {

class AddressReader {
 public:
  explicit AddressReader(std::string_view text) : s_(text) {}

  /// An instance address; with `objects`, also a module or a resource without its key
  /// (`indexed` tells whether the last step had one).
  std::optional<InstanceAddress> read(bool objects = false, bool* module_only = nullptr,
                                      bool* indexed = nullptr) {
    InstanceAddress a;
    for (;;) {
      auto word = identifier();
      if (!word) return std::nullopt;
      if (*word == "module") {
        if (!dot()) return std::nullopt;
        auto call = identifier();
        if (!call) return std::nullopt;
        const bool keyed = pos_ < s_.size() && s_[pos_] == '[';
        auto key = instance_key();
        if (!key) return std::nullopt;
        a.modules.emplace_back(std::move(*call), std::move(*key));
        if (objects && pos_ == s_.size()) {
          *module_only = true;
          *indexed = keyed;
          return a;
        }
        if (!dot()) return std::nullopt;
        continue;
      }
      if (*word == "data") {
        a.data = true;
        if (!dot()) return std::nullopt;
        word = identifier();
        if (!word) return std::nullopt;
      }
      a.type = std::move(*word);
      if (!dot()) return std::nullopt;
      auto name = identifier();
      if (!name) return std::nullopt;
      a.name = std::move(*name);
      if (objects) *indexed = pos_ < s_.size() && s_[pos_] == '[';
      auto key = instance_key();
      if (!key || pos_ != s_.size()) return std::nullopt;
      a.key = std::move(*key);
      return a;
    }
  }

 private:
  bool dot() {
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<std::string> identifier() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '_' || s_[pos_] == '-' ||
                                static_cast<unsigned char>(s_[pos_]) >= 0x80)) {
      ++pos_;
    }
    if (pos_ == start || std::isdigit(static_cast<unsigned char>(s_[start]))) return std::nullopt;
    return std::string(s_.substr(start, pos_ - start));
  }

  // An optional `[N]` or `["NAME"]`; InstanceKey{} when there is none.
  std::optional<InstanceKey> instance_key() {
    if (pos_ >= s_.size() || s_[pos_] != '[') return InstanceKey{};
    ++pos_;
    InstanceKey key;
    if (pos_ < s_.size() && s_[pos_] == '"') {
      ++pos_;
      std::string name;
      for (;;) {
        if (pos_ >= s_.size()) return std::nullopt;
        char c = s_[pos_++];
        if (c == '"') break;
        if (c == '\\') {
          if (pos_ >= s_.size()) return std::nullopt;
          c = s_[pos_++];
        }
        name += c;
      }
      key = InstanceKey::of_name(std::move(name));
    } else {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(s_.data() + pos_, s_.data() + s_.size(), n);
      if (ec != std::errc() || n < 0) return std::nullopt;
      pos_ = static_cast<std::size_t>(end - s_.data());
      key = InstanceKey::of_index(n);
    }
    if (pos_ >= s_.size() || s_[pos_] != ']') return std::nullopt;
    ++pos_;
    return key;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<InstanceAddress> parse_instance_address(std::string_view text) {
  return AddressReader(text).read();
}

std::optional<ObjectAddress> parse_object_address(std::string_view text) {
  bool module_only = false;
  bool indexed = false;
  auto a = AddressReader(text).read(true, &module_only, &indexed);
  if (!a) return std::nullopt;
  ObjectAddress out;
  out.modules = std::move(a->modules);
  out.resource = !module_only;
  out.data = a->data;
  out.type = std::move(a->type);
  out.name = std::move(a->name);
  out.key = std::move(a->key);
  out.indexed = indexed;
  return out;
}

bool ObjectAddress::contains(const InstanceAddress& instance, std::size_t prefix) const {
  const auto& steps = instance.modules;
  if (steps.size() < prefix + modules.size()) return false;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const auto& [name, key] = steps[prefix + i];
    if (name != modules[i].first) return false;
    const bool last = !resource && i + 1 == modules.size();
    if ((!last || indexed) && !(key == modules[i].second)) return false;
  }
  if (!resource) return true;
  return steps.size() == prefix + modules.size() && instance.data == data &&
         instance.type == type && instance.name == name && (!indexed || instance.key == key);
}

}  // namespace infra::planner
