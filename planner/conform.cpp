// conform_config: a resource's evaluated configuration checked against the provider's schema
// and converted to its types, nested blocks included, with each error at its place.
#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "lang/ast.hpp"
#include "planner/diff.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using lang::Value;
using providers::Nesting;

// Converts `v` to the primitive type `type` as HCL does; nullopt when it cannot.
std::optional<Value> convert_to(const Value& v, const std::string& type) {
  if (v.is_unknown() || v.is_null()) return v;
  const bool s = v.is_sensitive();
  auto kind = v.kind();
  if (type == "string") {
    if (kind == Value::Kind::String) return v;
    if (kind == Value::Kind::Number)
      return Value::string(lang::format_number(v.as_number())).marked_sensitive(s);
    if (kind == Value::Kind::Bool)
      return Value::string(v.as_bool() ? "true" : "false").marked_sensitive(s);
    return std::nullopt;
  }
  if (type == "number") {
    if (kind == Value::Kind::Number) return v;
    if (kind == Value::Kind::String) {
      // Exact, and so a number that travelled as a string (values.cpp) comes back whole.
      lang::NumberResult n = lang::Number::parse(v.as_string());
      if (n) return Value::number(*n).marked_sensitive(s);
    }
    return std::nullopt;
  }
  if (type == "bool") {
    if (kind == Value::Kind::Bool) return v;
    if (kind == Value::Kind::String) {
      if (v.as_string() == "true") return Value::boolean(true).marked_sensitive(s);
      if (v.as_string() == "false") return Value::boolean(false).marked_sensitive(s);
    }
    return std::nullopt;
  }
  if (type.rfind("list(", 0) == 0 || type.rfind("set(", 0) == 0) {
    if (kind != Value::Kind::List) return std::nullopt;
    std::string elem = type.substr(type.find('(') + 1);
    elem.pop_back();
    Value::List items;
    for (const auto& item : v.as_list()) {
      auto c = convert_to(item, elem);
      if (!c) return std::nullopt;
      items.push_back(*c);
    }
    return Value::list(std::move(items)).marked_sensitive(s);
  }
  if (type.rfind("map(", 0) == 0) {
    if (kind != Value::Kind::Object) return std::nullopt;
    std::string elem = type.substr(4);
    elem.pop_back();
    Value::Object members;
    for (const auto& [k, item] : v.as_object()) {
      auto c = convert_to(item, elem);
      if (!c) return std::nullopt;
      members.emplace(k, *c);
    }
    return Value::object(std::move(members)).marked_sensitive(s);
  }
  return v;  // "any" and types this version does not check
}

std::string type_article(const std::string& type) {
  if (type == "string") return "a string";
  if (type == "number") return "a number";
  if (type == "bool") return "a bool";
  return "a value of type " + type;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

bool is_dynamic(const lang::Block& b) { return b.type == "dynamic" && b.labels.size() == 1; }

// One block written in a body, plain or `dynamic`: the body its blocks have, and the place
// that names it (the type of a plain block, the label of a dynamic one).
struct Written {
  const lang::Body* body = nullptr;  // null for a dynamic block without content
  lang::SourceRange range;
  lang::SourceRange body_range;  // where to report what its body misses
  bool dynamic = false;
};

Written written(const lang::Block& b) {
  if (!is_dynamic(b)) return {b.body.get(), b.type_range, b.type_range, false};
  Written w{nullptr, b.label_ranges.front(), b.label_ranges.front(), true};
  for (const lang::Block& nested : b.body->blocks) {
    if (nested.type == "content") {
      w.body = nested.body.get();
      w.body_range = nested.type_range;
    }
  }
  return w;
}

// The blocks of type `type` written in `body`, in source order.
std::vector<Written> written_blocks(const lang::Body* body, const std::string& type) {
  std::vector<Written> out;
  if (body == nullptr) return out;
  for (const lang::Block& b : body->blocks) {
    if ((is_dynamic(b) ? b.labels[0] : b.type) == type) out.push_back(written(b));
  }
  return out;
}

// Which written block each of the `n` evaluated blocks came from: a plain block makes one,
// a dynamic block the rest. With several dynamic blocks of one type the split is unknown;
// the first takes them all, which only moves where an error about one of them points.
std::vector<const Written*> origins(const std::vector<Written>& blocks, std::size_t n) {
  std::vector<const Written*> out;
  if (blocks.empty()) return std::vector<const Written*>(n, nullptr);
  std::size_t plain = 0;
  for (const auto& b : blocks) plain += b.dynamic ? 0 : 1;
  std::size_t from_dynamic = n > plain ? n - plain : 0;
  for (const auto& b : blocks) {
    std::size_t count = b.dynamic ? std::exchange(from_dynamic, 0) : 1;
    for (std::size_t i = 0; i < count && out.size() < n; ++i) out.push_back(&b);
  }
  while (out.size() < n) out.push_back(&blocks.back());
  return out;
}

std::string blocks_word(int n) { return n == 1 ? "block" : "blocks"; }

class Conformer {
 public:
  Conformer(const providers::ResourceSchema& schema, lang::Diagnostics& diags)
      : schema_(schema), diags_(diags) {}

  bool ok() const { return ok_; }

  // What the schema says of the names in `body`: unknown arguments, computed-only ones,
  // missing required ones (reported at `owner`), unsupported block types and more than one
  // block of a single type; then the same inside each nested block.
  void check_names(const providers::SchemaBody& def, const lang::Body& body,
                   const std::string& what, const lang::SourceRange& owner) {
    std::set<std::string> set;
    for (const lang::Attribute& a : body.attributes) {
      set.insert(a.name);
      const providers::Attribute* attr = def.find(a.name);
      if (attr == nullptr && def.find_block(a.name) != nullptr && in_json(a.name_range)) {
        continue;  // the JSON form writes blocks as arrays of objects: its only way
      }
      if (attr == nullptr) {
        error(a.name_range, "Unsupported argument",
              "An argument named " + quoted(a.name) + " is not expected here" +
                  (def.find_block(a.name) != nullptr
                       ? ". Did you mean to define a block of type " + quoted(a.name) + "?"
                       : ": " + what + " has no such attribute."));
      } else if (attr->computed && !attr->optional && !attr->required) {
        error(a.name_range, "Invalid argument " + quoted(a.name),
              quoted(a.name) + " is computed by the provider and cannot be set.");
      }
    }
    for (const auto& attr : def.attributes) {
      if (attr.required && !set.count(attr.name)) {
        error(owner, "Missing required argument",
              "The argument " + quoted(attr.name) + " is required by " + what +
                  ", but no definition was found.");
      }
    }
    std::set<std::string> singles;
    for (const lang::Block& b : body.blocks) {
      if (b.type == "dynamic" && !is_dynamic(b)) continue;  // the loader reported it
      const Written w = written(b);
      const std::string type = w.dynamic ? b.labels[0] : b.type;
      const providers::BlockType* block = def.find_block(type);
      if (block == nullptr) {
        error(w.range, "Unsupported block type",
              "Blocks of type " + quoted(type) + " are not expected here" +
                  (def.find(type) != nullptr
                       ? ". Did you mean to define argument " + quoted(type) + "?"
                       : ": " + what +
                             (def.blocks.empty() ? " has no nested blocks."
                                                 : " has no block type of that name.")));
        continue;
      }
      if (block->nesting == Nesting::Single && !w.dynamic && !singles.insert(type).second) {
        duplicate_single(w.range, type);
      }
      if (w.body != nullptr) check_names(*block, *w.body, "block type " + quoted(type), w.body_range);
    }
  }

  // `object`, the evaluated `body` (null when not known), converted to the types of `def`:
  // every attribute present (null when unset), list and set block types as lists of objects,
  // single ones as an object or null. nullopt after errors.
  std::optional<Value> convert(const providers::SchemaBody& def, const lang::Body* body,
                               const Value& object, const std::string& what,
                               const lang::SourceRange& owner) {
    static const Value::Object kNone;
    const auto& members = object.kind() == Value::Kind::Object ? object.as_object() : kNone;
    const auto get = [&](const std::string& name) {
      auto it = members.find(name);
      return it == members.end() ? Value::null() : it->second;
    };
    bool good = true;
    if (body == nullptr) good = check_members(def, members, what, owner);
    Value::Object out;
    for (const auto& attr : def.attributes) {
      if (!written_blocks(body, attr.name).empty()) continue;  // check_names said it is no block
      const Value v = get(attr.name);
      auto converted = attr.computed && !attr.optional && !attr.required
                           ? std::optional<Value>(Value::null())  // set: check_names said so
                           : convert_to(v, attr.type);
      if (!converted) {
        const lang::Attribute* a = body != nullptr ? body->find_attribute(attr.name) : nullptr;
        error(a != nullptr ? a->name_range : owner,
              "Inappropriate value for attribute " + quoted(attr.name),
              type_article(attr.type) + " is required, got " + v.type_name() + ".");
        good = false;
        continue;
      }
      if (attr.required && converted->is_null() && !converted->is_unknown() && body != nullptr) {
        if (const lang::Attribute* a = body->find_attribute(attr.name)) {
          error(a->name_range, "Missing required argument",
                "The argument " + quoted(attr.name) + " is required by " + what +
                    ", but its value is null.");
          good = false;
          continue;
        }
      }
      // Inside blocks an unset value is not marked: the state keeps marks per attribute of
      // the resource, and would hide the whole block for nothing.
      const bool top = &def == static_cast<const providers::SchemaBody*>(&schema_);
      const bool mark = attr.sensitive && (top || !converted->is_null());
      out[attr.name] = std::move(*converted).marked_sensitive(mark);
    }
    for (const auto& block : def.blocks) {
      const lang::Attribute* written = body != nullptr ? body->find_attribute(block.name) : nullptr;
      auto value = written != nullptr
                       ? convert_written(block, *written, get(block.name), what)
                       : convert_blocks(block, body, get(block.name), what, owner);
      if (!value) {
        good = false;
        continue;
      }
      out[block.name] = std::move(*value);
    }
    if (!good) return std::nullopt;
    return Value::object(std::move(out));
  }

  // Checks that `path` names an attribute or block type of the schema, and, inside blocks,
  // an attribute or block type of theirs, with indexes where the blocks have them.
  void check_ignored(const lang::IgnoredPath& path) {
    const providers::SchemaBody* def = &schema_;
    std::string what = "resource type " + quoted(schema_.type);
    const auto fail = [&](const std::string& why) {
      error(path.range, "Invalid lifecycle.ignore_changes",
            "ignore_changes names " + quoted(path.to_string()) + ", but " + why);
    };
    std::size_t i = 0;
    while (i < path.steps.size()) {
      const auto* name = std::get_if<std::string>(&path.steps[i]);
      if (name == nullptr) return fail("a block has no index of its own: name one of its attributes.");
      if (def->find(*name) != nullptr) return;  // keys and indexes inside a value are its own
      const providers::BlockType* block = def->find_block(*name);
      if (block == nullptr) {
        return fail(what + (i == 0 ? " has no such attribute." : " has no attribute " + quoted(*name) + "."));
      }
      what = "block type " + quoted(*name);
      def = block;
      if (++i == path.steps.size()) return;
      const bool index = std::holds_alternative<std::int64_t>(path.steps[i]);
      switch (block->nesting) {
        case Nesting::Set:
          return fail(quoted(*name) + " is a set of blocks, whose elements have no index: "
                      "ignore_changes can name the whole set only.");
        case Nesting::Single:
          if (index) {
            return fail(quoted(*name) + " is a single block: name its attributes without an "
                        "index, like " + *name + "." + first_name(*block) + ".");
          }
          break;
        case Nesting::List:
          if (!index) {
            return fail(quoted(*name) + " is a list of blocks: name one by its index, like " +
                        *name + "[0]." + first_name(*block) + ".");
          }
          ++i;
          break;
      }
    }
  }

 private:
  static bool in_json(const lang::SourceRange& at) {
    const std::string& file = at.file.str();
    return file.size() >= 5 && file.compare(file.size() - 5, 5, ".json") == 0;
  }

  // The checks check_names makes of a body, for an object that has none: one of blocks
  // written as an attribute in the JSON form. Errors are at `owner`, the attribute.
  bool check_members(const providers::SchemaBody& def, const Value::Object& members,
                     const std::string& what, const lang::SourceRange& owner) {
    bool good = true;
    for (const auto& [name, v] : members) {
      const providers::Attribute* attr = def.find(name);
      if (attr == nullptr && def.find_block(name) == nullptr) {
        error(owner, "Unsupported argument",
              "An argument named " + quoted(name) + " is not expected here: " + what +
                  " has no such attribute.");
        good = false;
      } else if (attr != nullptr && attr->computed && !attr->optional && !attr->required &&
                 !v.is_null()) {
        error(owner, "Invalid argument " + quoted(name),
              quoted(name) + " is computed by the provider and cannot be set.");
        good = false;
      }
    }
    for (const auto& attr : def.attributes) {
      auto it = members.find(attr.name);
      if (attr.required && (it == members.end() || it->second.is_null())) {
        error(owner, "Missing required argument",
              "The argument " + quoted(attr.name) + " is required by " + what +
                  ", but no definition was found.");
        good = false;
      }
    }
    return good;
  }

  // Blocks written as the attribute `written` (the JSON form): an array of objects, or one
  // object for a single block type.
  std::optional<Value> convert_written(const providers::BlockType& block,
                                       const lang::Attribute& written, const Value& value,
                                       const std::string& what) {
    const bool single = block.nesting == Nesting::Single;
    const bool fits = value.is_unknown() || value.is_null() ||
                      (single ? value.kind() == Value::Kind::Object
                              : value.kind() == Value::Kind::List);
    if (!fits) {
      error(written.name_range, "Inappropriate value for attribute " + quoted(block.name),
            std::string(single ? "an object" : "a list of objects") + " is required, got " +
                value.type_name() + ".");
      return std::nullopt;
    }
    Value blocks = single && !value.is_unknown() && !value.is_null() ? Value::list({value}) : value;
    return convert_blocks(block, nullptr, blocks, what, written.name_range);
  }

  static std::string first_name(const providers::SchemaBody& def) {
    if (!def.attributes.empty()) return def.attributes.front().name;
    return def.blocks.empty() ? "NAME" : def.blocks.front().name;
  }

  // The value of block type `block` in a body: `value` is what the evaluator made of the
  // blocks written (a list of objects, unknown when a dynamic for_each is unknown, null when
  // there are none).
  std::optional<Value> convert_blocks(const providers::BlockType& block, const lang::Body* body,
                                      const Value& value, const std::string& what,
                                      const lang::SourceRange& owner) {
    if (value.is_unknown()) return Value::unknown();
    const Value::List none;
    const Value::List& items = value.kind() == Value::Kind::List ? value.as_list() : none;
    const std::vector<Written> blocks = written_blocks(body, block.name);
    const std::vector<const Written*> from = origins(blocks, items.size());
    const auto place = [&](std::size_t i) { return from[i] != nullptr ? from[i]->range : owner; };
    const int n = static_cast<int>(items.size());
    bool good = true;
    if (n < block.min_items) {
      error(owner, "Insufficient " + block.name + " blocks",
            "At least " + std::to_string(block.min_items) + " " + quoted(block.name) + " " +
                blocks_word(block.min_items) + (block.min_items == 1 ? " is" : " are") +
                " required by " + what + ".");
      good = false;
    }
    if (block.nesting == Nesting::Single && n > 1) {
      duplicate_single(place(1), block.name);
      good = false;
    } else if (block.max_items > 0 && n > block.max_items) {
      error(place(static_cast<std::size_t>(block.max_items)), "Too many " + block.name + " blocks",
            "No more than " + std::to_string(block.max_items) + " " + quoted(block.name) + " " +
                blocks_word(block.max_items) + (block.max_items == 1 ? " is" : " are") +
                " allowed in " + what + ".");
      good = false;
    }
    Value::List out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_unknown()) {
        out.push_back(items[i]);  // an element of the JSON form known only after apply
        continue;
      }
      if (items[i].kind() != Value::Kind::Object) {
        error(owner, "Inappropriate value for attribute " + quoted(block.name),
              "a list of objects is required, got an element of type " + items[i].type_name() + ".");
        good = false;
        continue;
      }
      const lang::Body* source = from[i] != nullptr ? from[i]->body : nullptr;
      auto element = convert(block, source, items[i], "block type " + quoted(block.name),
                             from[i] != nullptr ? from[i]->body_range : owner);
      if (!element) {
        good = false;
        continue;
      }
      out.push_back(std::move(*element));
    }
    if (!good) return std::nullopt;
    switch (block.nesting) {
      case Nesting::Single:
        return out.empty() ? Value::null() : std::move(out.front());
      case Nesting::Set: {
        // One order for the same elements however they were written; equal ones are one.
        std::vector<std::pair<std::string, Value>> keyed;
        for (auto& item : out) keyed.emplace_back(to_json(item).dump(), std::move(item));
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        out.clear();
        for (auto& [key, item] : keyed) {
          if (out.empty() || !(out.back() == item)) out.push_back(std::move(item));
        }
        return Value::list(std::move(out));
      }
      case Nesting::List:
        break;
    }
    return Value::list(std::move(out));
  }

  void duplicate_single(const lang::SourceRange& at, const std::string& type) {
    error(at, "Duplicate " + type + " block",
          "Only one " + quoted(type) + " block is allowed: block type " + quoted(type) +
              " takes a single block.");
  }

  // Reports an error once: a dynamic block makes one error per element otherwise.
  void error(const lang::SourceRange& at, const std::string& summary, const std::string& detail) {
    ok_ = false;
    if (!reported_.emplace(at.file.str(), at.begin.offset, summary, detail).second) return;
    diags_.error(at, summary, detail);
  }

  const providers::ResourceSchema& schema_;
  lang::Diagnostics& diags_;
  bool ok_ = true;
  std::set<std::tuple<std::string, std::size_t, std::string, std::string>> reported_;
};

}  // namespace

std::optional<Value> conform_config(const lang::Resource& resource,
                                    const providers::ResourceSchema& schema, const Value& config,
                                    lang::Diagnostics& diags) {
  Conformer c(schema, diags);
  const std::string what = "resource type " + quoted(schema.type);
  c.check_names(schema, *resource.body, what, resource.range);
  for (const auto& path : resource.lifecycle.ignore_changes) c.check_ignored(path);
  auto out = c.convert(schema, resource.body.get(), config, what, resource.range);
  if (!c.ok()) return std::nullopt;
  return out;
}

std::optional<Value> conform_provider_config(const lang::ProviderConfig& block,
                                             const providers::ProviderSchema& schema,
                                             const Value& config, lang::Diagnostics& diags) {
  providers::ResourceSchema def;
  def.type = block.name;
  def.attributes = schema.config;
  def.blocks = schema.config_blocks;
  Conformer c(def, diags);
  const std::string what = "provider " + quoted(block.name);
  c.check_names(def, *block.body, what, block.range);
  auto out = c.convert(def, block.body.get(), config, what, block.range);
  if (!c.ok()) return std::nullopt;
  return out;
}

}  // namespace infra::planner
