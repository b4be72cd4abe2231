// Instance keys and the addresses of resource instances: `local_file.a`, `local_file.a[0]`,
// `module.app["eu"].data.local_file.b["x"]`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lang/value.hpp"

namespace infra::planner {

/// The key of one instance of a block: none (a block without count or for_each), an index
/// (count) or a name (for_each).
struct InstanceKey {
  enum class Kind { None, Index, Name };
  Kind kind = Kind::None;
  std::int64_t index = 0;
  std::string name;

  static InstanceKey of_index(std::int64_t i) { return {Kind::Index, i, {}}; }
  static InstanceKey of_name(std::string n) { return {Kind::Name, 0, std::move(n)}; }

  /// "", "[0]" or "[\"key\"]" (quotes and backslashes escaped).
  std::string suffix() const;
  /// null, the index as a number, or the name as a string: what count.index and each.key are.
  lang::Value value() const;

  friend bool operator==(const InstanceKey& a, const InstanceKey& b) {
    return a.kind == b.kind && a.index == b.index && a.name == b.name;
  }
  friend bool operator<(const InstanceKey& a, const InstanceKey& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.index != b.index) return a.index < b.index;
    return a.name < b.name;
  }
};

/// An instance address taken apart.
struct InstanceAddress {
  std::vector<std::pair<std::string, InstanceKey>> modules;  // the module.NAME[KEY] steps
  bool data = false;
  std::string type;
  std::string name;
  InstanceKey key;

  /// The module instance: "" for the root, `module.app[0].module.db`.
  std::string module_address() const;
  /// The module in the configuration, without keys: "" or `module.app.module.db`.
  std::string module_path() const;
  /// "TYPE.NAME" or "data.TYPE.NAME": the resource within its module.
  std::string resource() const;
  /// The resource in the configuration, without keys: `module.app.local_file.a`.
  std::string config_address() const;
  /// The whole address, as the state and plans write it.
  std::string str() const;
};

/// Parses an address written as str() writes it; nullopt when it is not one.
std::optional<InstanceAddress> parse_instance_address(std::string_view text);

/// The address in a `moved` or `removed` block: a module (`module.app`, `module.app[0]`)
/// or a resource in one (`module.app.local_file.a`, `local_file.a["k"]`). Without an
/// index on its last step it means every instance of it.
struct ObjectAddress {
  std::vector<std::pair<std::string, InstanceKey>> modules;
  bool resource = false;  // false: the last module step is the object
  bool data = false;
  std::string type;
  std::string name;
  InstanceKey key;       // of the resource
  bool indexed = false;  // whether the last step has an index

  /// Whether `instance` is (in) this object, when the object's module steps start after
  /// the first `prefix` module steps of the instance.
  bool contains(const InstanceAddress& instance, std::size_t prefix) const;
};

std::optional<ObjectAddress> parse_object_address(std::string_view text);

/// `prefix.rest`, or `rest` alone when the prefix (a module address) is empty.
std::string join_address(const std::string& prefix, const std::string& rest);

}  // namespace infra::planner
