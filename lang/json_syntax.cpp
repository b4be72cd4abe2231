// The JSON form of the language (see json_syntax.hpp): the structure of blocks and bodies
// that each block type implies, as HCL's JSON syntax reads it with a schema. The JSON is
// read by lang/json_reader.cpp, and the values of attributes become expressions in
// lang/json_expressions.cpp.
#include "lang/json_syntax.hpp"

#include <algorithm>
#include <map>

#include "lang/json_expressions.hpp"
#include "lang/json_reader.hpp"

namespace infra::lang {
namespace {

using detail::JsonMember;
using detail::JsonStrings;
using detail::JsonValue;

struct BodySchema;

/// A block type that a body holds: its labels (named for messages) and its body's schema.
struct BlockSchema {
  std::string_view type;
  std::vector<std::string_view> labels;
  const BodySchema& (*body)();
};

/// How to read the properties of a body: those named in `blocks` are blocks, the others
/// attributes, of which those in `expressions` hold expressions, the others `strings`.
/// With `only_blocks` (the top of a file), any other property is a block too, without
/// labels or body, for the loader to report as an unsupported block type.
struct BodySchema {
  std::vector<BlockSchema> blocks;
  std::vector<std::string_view> expressions;
  bool only_blocks = false;
  JsonStrings strings_otherwise = JsonStrings::Templates;

  const BlockSchema* block(std::string_view type) const {
    const auto it = std::find_if(blocks.begin(), blocks.end(),
                                 [&](const BlockSchema& b) { return b.type == type; });
    return it == blocks.end() ? nullptr : &*it;
  }
  JsonStrings strings(std::string_view attribute) const {
    return std::find(expressions.begin(), expressions.end(), attribute) != expressions.end()
               ? JsonStrings::Expressions
               : strings_otherwise;
  }
};

// The schema of each block type, after config.cpp, config_resources.cpp and
// config_blocks.cpp, which decode the bodies.
const BodySchema& attributes() {
  static const BodySchema s{};
  return s;
}
const BodySchema& lifecycle() {
  static const BodySchema s{{{"precondition", {}, attributes}, {"postcondition", {}, attributes}},
                            {"ignore_changes", "replace_triggered_by"}};
  return s;
}
const BodySchema& dynamic();
const BodySchema& content() {
  static const BodySchema s{{{"dynamic", {"type"}, dynamic}}, {}};
  return s;
}
const BodySchema& dynamic() {
  static const BodySchema s{{{"content", {}, content}}, {"iterator"}};
  return s;
}
const BodySchema& provisioner() {
  static const BodySchema s{{{"connection", {}, attributes}}, {"when", "on_failure"}};
  return s;
}
const BodySchema& resource() {
  static const BodySchema s{{{"lifecycle", {}, lifecycle},
                             {"dynamic", {"type"}, dynamic},
                             {"provisioner", {"type"}, provisioner},
                             {"connection", {}, attributes}},
                            {"depends_on", "provider"}};
  return s;
}
const BodySchema& variable() {
  static const BodySchema s{{{"validation", {}, attributes}}, {"type"}};
  return s;
}
const BodySchema& output() {
  static const BodySchema s{{{"precondition", {}, attributes}}, {"depends_on"}};
  return s;
}
const BodySchema& module() {
  static const BodySchema s{{}, {"depends_on", "providers"}};
  return s;
}
const BodySchema& settings() {
  static const BodySchema s{
      {{"required_providers", {}, attributes}, {"backend", {"type"}, attributes}}, {}};
  return s;
}
const BodySchema& moved() {
  static const BodySchema s{{}, {"from", "to"}};
  return s;
}
const BodySchema& removed() {
  static const BodySchema s{{{"lifecycle", {}, attributes}}, {"from"}};
  return s;
}
const BodySchema& import() {
  static const BodySchema s{{}, {"to", "provider"}};
  return s;
}
const BodySchema& check() {
  static const BodySchema s{{{"data", {"type", "name"}, resource}, {"assert", {}, attributes}},
                            {}};
  return s;
}
const BodySchema& parameter() {
  static const BodySchema s{{}, {"type"}};
  return s;
}
const BodySchema& function() {
  static const BodySchema s{
      {{"parameter", {"name"}, parameter}, {"variadic_parameter", {"name"}, parameter}},
      {"result_type"}};
  return s;
}
const BodySchema& file() {
  static const BodySchema s{{{"variable", {"name"}, variable},
                             {"locals", {}, attributes},
                             {"resource", {"type", "name"}, resource},
                             {"data", {"type", "name"}, resource},
                             {"output", {"name"}, output},
                             {"module", {"name"}, module},
                             {"provider", {"name"}, attributes},
                             {"infra", {}, settings},
                             {"terraform", {}, settings},
                             {"moved", {}, moved},
                             {"removed", {}, removed},
                             {"import", {}, import},
                             {"check", {"name"}, check},
                             {"function", {"name"}, function}},
                            {},
                            true};
  return s;
}

/// A variables file: attributes only, whose strings are constants.
const BodySchema& constants() {
  static const BodySchema s{{}, {}, false, JsonStrings::Literals};
  return s;
}

/// A property named "//" is a comment.
bool is_comment(const JsonMember& m) { return m.name.text == "//"; }

/// A property name without its quotes: the place of a name the native syntax writes bare.
SourceRange unquoted(const JsonValue& name) {
  SourceRange r = name.range;
  ++r.begin.column;
  ++r.begin.offset;
  --r.end.column;
  --r.end.offset;
  return r;
}

/// The first character of a value: the place of a block written as an element of an array.
SourceRange first_character(const JsonValue& v) {
  SourceRange r = v.range;
  r.end = r.begin;
  ++r.end.column;
  ++r.end.offset;
  return r;
}

class Structure {
 public:
  Structure(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  /// Whether a string did not parse: a syntax error of the file.
  bool syntax_error() const { return syntax_error_; }

  /// The body of an object (or, at the top of a file, of an array of objects, whose
  /// properties make one body).
  BodyPtr body(const JsonValue& v, const BodySchema& schema) {
    Body out;
    out.range = v.range;
    std::map<std::string, SourceRange> seen;  // attribute name -> where it was set
    if (v.kind == JsonValue::Kind::Object) {
      for (const JsonMember& m : v.members) property(m, schema, out, seen);
    } else {
      for (const JsonValue& item : v.items) {
        if (item.kind != JsonValue::Kind::Object) {
          diags_.error(item.range, std::string("expected a JSON object, found ") +
                                       item.kind_name());
          continue;
        }
        for (const JsonMember& m : item.members) property(m, schema, out, seen);
      }
    }
    return std::make_shared<const Body>(std::move(out));
  }

 private:
  void property(const JsonMember& m, const BodySchema& schema, Body& out,
                std::map<std::string, SourceRange>& seen) {
    if (is_comment(m)) return;
    const std::string& name = m.name.text;
    Block head;
    head.type = name;
    head.type_range = unquoted(m.name);
    head.range = head.type_range;
    if (const BlockSchema* block = schema.block(name)) {
      blocks(m.value, *block, head, out);
      return;
    }
    if (schema.only_blocks) {
      Body empty;
      empty.range = m.value.range;
      head.body = std::make_shared<const Body>(std::move(empty));
      out.blocks.push_back(std::move(head));
      return;
    }
    ExprPtr value = detail::json_expression(m.value, schema.strings(name), file_, diags_);
    if (!value) {
      syntax_error_ = true;
      return;
    }
    Attribute a{name, head.type_range, std::move(value),
                SourceRange{file_, m.name.range.begin, m.value.range.end}};
    const auto [first, fresh] = seen.emplace(name, a.name_range);
    if (!fresh) {
      diags_.error(a.name_range, "Duplicate attribute \"" + name + "\"; first set at " +
                                     location(first->second));
    }
    out.attributes.push_back(std::move(a));
  }

  /// The blocks written as `v` under the labels of `head` so far: an object, or an array
  /// of objects, at each level.
  void blocks(const JsonValue& v, const BlockSchema& schema, const Block& head, Body& out) {
    if (v.kind == JsonValue::Kind::Object) {
      level(v, schema, head, out);
      return;
    }
    if (v.kind != JsonValue::Kind::Array) {
      wrong_kind(v, schema, head);
      return;
    }
    for (const JsonValue& item : v.items) {
      if (item.kind != JsonValue::Kind::Object) {
        wrong_kind(item, schema, head);
        continue;
      }
      Block one = head;
      if (head.labels.size() == schema.labels.size()) one.range = first_character(item);
      level(item, schema, one, out);
    }
  }

  /// An object at one level: the properties are the next label, or it is the body.
  void level(const JsonValue& object, const BlockSchema& schema, Block head, Body& out) {
    if (head.labels.size() == schema.labels.size()) {
      head.body = body(object, schema.body());
      out.blocks.push_back(std::move(head));
      return;
    }
    for (const JsonMember& m : object.members) {
      if (is_comment(m)) continue;
      Block labelled = head;
      labelled.labels.push_back(m.name.text);
      labelled.label_ranges.push_back(m.name.range);
      labelled.range = m.name.range;
      blocks(m.value, schema, labelled, out);
    }
  }

  void wrong_kind(const JsonValue& v, const BlockSchema& schema, const Block& head) {
    const std::size_t level = head.labels.size();
    const std::string type(schema.type);
    diags_.error(v.range, level < schema.labels.size()
                              ? "expected a JSON object with the " +
                                    std::string(schema.labels[level]) + " of each " + type +
                                    " block as property names, found " + v.kind_name()
                              : "expected a JSON object for the body of the " + type +
                                    " block, found " + v.kind_name());
  }

  const FileName file_;
  Diagnostics& diags_;
  bool syntax_error_ = false;
};

/// The body of a file read with `schema`.
BodyPtr parse_body(const std::string& file_name, std::string_view text, const BodySchema& schema,
                   Diagnostics& diags) {
  const std::optional<JsonValue> root = detail::read_json(file_name, text, diags);
  if (!root) return nullptr;
  if (root->kind != JsonValue::Kind::Object && root->kind != JsonValue::Kind::Array) {
    diags.error(root->range, std::string("expected a JSON object at the top of the file, found ") +
                                 root->kind_name());
    auto empty = std::make_shared<Body>();
    empty->range = root->range;
    return empty;
  }
  Structure structure(file_name, diags);
  BodyPtr body = structure.body(*root, schema);
  return structure.syntax_error() ? nullptr : body;
}

}  // namespace

BodyPtr parse_json_file(const std::string& file_name, std::string_view text, Diagnostics& diags) {
  return parse_body(file_name, text, file(), diags);
}

BodyPtr parse_json_variables_file(const std::string& file_name, std::string_view text,
                                  Diagnostics& diags) {
  return parse_body(file_name, text, constants(), diags);
}

bool is_json_file(std::string_view file_name) { return file_name.ends_with(".infra.json"); }

}  // namespace infra::lang
