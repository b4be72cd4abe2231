// The parts of an instance address that the state stores in columns of their own: the
// module path and the index key. The planner owns the full address grammar; this is the
// little of it that the state needs, so that state stays independent of the planner.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace infra::state {

/// An instance address taken apart: `module.app["x"].local_file.a[0]` is module
/// `module.app["x"]`, type `local_file`, name `a`, key `0`.
struct AddressParts {
  std::string module;               // "" for the root module
  bool data = false;                // a data source (`data.TYPE.NAME`)
  std::string type;
  std::string name;
  std::string index_key_json = "null";  // null, a number or a JSON string
};

/// Splits `address`; nullopt when it is not an instance address.
std::optional<AddressParts> split_instance_address(std::string_view address);

}  // namespace infra::state
