// Types: the static type system over Values (`string`, `list(number)`,
// `object({name = string, port = optional(number, 80)})`, ...), how a type expression
// is read (lang/types_parse.cpp), how a Value is converted to a type
// (lang/types_convert.cpp), and how types of alternatives unify (lang/types.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/diagnostics.hpp"
#include "lang/value.hpp"

namespace infra::lang {

struct Expr;  // lang/ast.hpp
struct ObjectAttribute;

/// A type: a primitive, a collection of one element type, or a structural type.
///
/// A plain value type. `Any` accepts every value unchanged. Sets are lists in Value; the
/// set type only decides how conversion deduplicates and orders them.
struct Type {
  enum class Kind { Any, String, Number, Bool, List, Set, Map, Object, Tuple };

  Kind kind = Kind::Any;
  /// List/Set/Map: exactly one, the element type. Tuple: one per element.
  std::vector<Type> elements;
  /// Object: the attributes, sorted by name.
  std::vector<ObjectAttribute> attributes;

  static Type any();
  static Type string();
  static Type number();
  static Type boolean();
  static Type list(Type element);
  static Type set(Type element);
  static Type map(Type element);
  static Type tuple(std::vector<Type> elements);
  /// Sorts `attributes` by name; the names must be distinct.
  static Type object(std::vector<ObjectAttribute> attributes);

  bool is_primitive() const;
  /// List, Set or Map.
  bool is_collection() const;
  /// The element type of a List, Set or Map.
  const Type& element() const { return elements.front(); }
  /// The attribute named `name` of an Object type, or null.
  const ObjectAttribute* find_attribute(const std::string& name) const;

  /// Structural equality, including which attributes are optional and their defaults.
  friend bool operator==(const Type& a, const Type& b);
};

/// One attribute of an object type: `name = type` or `name = optional(type, default)`.
struct ObjectAttribute {
  std::string name;
  Type type;
  bool optional = false;
  /// The value used when an optional attribute is absent or null, already converted to
  /// `type`. Unset: absent means null.
  std::optional<Value> default_value;

  friend bool operator==(const ObjectAttribute& a, const ObjectAttribute& b);
};

/// The type in the language's own notation, without spaces inside constructors:
/// `list(string)`, `tuple([string,number])`, `object({name=string,port=optional(number,80)})`.
std::string to_string(const Type& t);

/// An attribute name as `to_string` and conversion paths write it: bare when it is an
/// identifier (`port`), quoted otherwise (`"a b"`).
std::string attribute_key(const std::string& name);

/// Reads a type expression (a variable's `type = ...`). On an error, adds a diagnostic at
/// the offending part of `e` and returns nullopt. Defaults of optional attributes must be
/// constants convertible to the attribute's type.
std::optional<Type> parse_type(const Expr& e, Diagnostics& diags);

/// The outcome of `convert`: the converted value, or where and why it could not be.
struct Conversion {
  Value value;          // the converted value when ok()
  std::string path;     // on failure: where inside the value, e.g. `.servers[1].port`
  std::string message;  // on failure: e.g. `a number is required`

  bool ok() const { return message.empty(); }
  /// "PATH: MESSAGE", or just MESSAGE when the problem is the value itself.
  std::string error() const;
};

/// Converts `v` to type `t` with the language's automatic conversions:
///   - number/bool to string ("12", "true"); a string to number when all of it is a
///     number; "true"/"false" to bool;
///   - a list value (tuple) to list(T), set(T) or tuple([...]) element-wise; for set(T),
///     equal elements are merged (marks of both are kept) and elements of type string,
///     number or bool are sorted (strings by bytes, numbers ascending, false first), with
///     nulls and unknowns last in input order; other sets keep first-seen order;
///   - an object value to map(T) (every member converted) or to object({...}): absent or
///     null optional attributes take their default (or null), an absent required
///     attribute and any attribute the type does not declare are errors;
///   - list(any)/set(any)/map(any) first unify the element types (`unify`), so
///     [1, "a"] becomes ["1", "a"]; mixed elements that do not unify are an error;
///   - null converts to every type and stays null; unknown stays unknown (a Value carries
///     no static type: the caller knows it is of type `t`); the sensitive mark of every
///     element is kept on the converted element.
/// The value itself is never part of a message, so sensitive values cannot leak.
Conversion convert(const Value& v, const Type& t);

/// The type alternatives share, as for both results of a conditional: Any members are
/// ignored (type_of(null) is Any); equal types unify to themselves; primitives unify to
/// string when one of them is a string (number with bool does not unify); list(A) with
/// list(B) or with tuples to list(unify(A, B, ...elements)), likewise set; map(A) with
/// map(B) or with objects to map(...); tuples of one length element-wise; objects with the
/// same attribute names attribute-wise. Anything else, or no types: nullopt.
std::optional<Type> unify(const std::vector<Type>& types);

/// The most specific type of a value: tuple([...]) for a list value, object({...}) with
/// only required attributes for an object value, Any for null and unknown.
Type type_of(const Value& v);

}  // namespace infra::lang
