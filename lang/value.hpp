// Value: the result of evaluating an expression. Carries two marks: unknown (known only
// after apply) and sensitive (never shown).
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lang/number.hpp"

namespace infra::lang {

/// A dynamically typed configuration value.
///
/// Objects keep their keys sorted so that everything derived from them is deterministic.
/// An unknown value stands for a value that will be known after apply; any operation on
/// it yields unknown. The sensitive mark survives every operation that uses the value.
class Value {
 public:
  enum class Kind { Null, Bool, Number, String, List, Object, Unknown };
  using List = std::vector<Value>;
  using Object = std::map<std::string, Value>;

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value(Storage(b)); }
  static Value number(Number n) { return Value(Storage(std::move(n))); }
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  static Value number(T n) {
    return Value(Storage(Number(n)));
  }
  /// The shortest decimal that reads back as `n` (0.1 for 0.1); `n` must be finite.
  static Value number(double n);
  static Value string(std::string s) { return Value(Storage(std::move(s))); }
  static Value list(List items) { return Value(Storage(std::make_shared<List>(std::move(items)))); }
  static Value object(Object members) {
    return Value(Storage(std::make_shared<Object>(std::move(members))));
  }
  static Value unknown() {
    Value v;
    v.unknown_ = true;
    return v;
  }

  Kind kind() const;
  bool is_null() const { return kind() == Kind::Null; }
  bool is_unknown() const { return unknown_; }
  bool is_sensitive() const { return sensitive_; }
  /// True when neither this value nor anything inside it is unknown.
  bool is_wholly_known() const;
  /// True when this value or anything inside it is sensitive.
  bool contains_sensitive() const;

  bool as_bool() const { return std::get<bool>(data_); }
  const Number& as_number() const { return std::get<Number>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const List& as_list() const { return *std::get<ListPtr>(data_); }
  const Object& as_object() const { return *std::get<ObjectPtr>(data_); }
  /// The elements to change: copied first when another value shares them (lists and
  /// objects are shared between copies until one of them changes). Do not keep the
  /// reference across a copy of this value.
  List& as_list() { return unshared(std::get<ListPtr>(data_)); }
  Object& as_object() { return unshared(std::get<ObjectPtr>(data_)); }

  /// Returns a copy carrying the sensitive mark (when `on`).
  Value marked_sensitive(bool on = true) const& {
    Value v = *this;
    v.sensitive_ = v.sensitive_ || on;
    return v;
  }
  /// The same for a value that is going away (a temporary, or `std::move(v)`): no copy.
  Value marked_sensitive(bool on = true) && {
    sensitive_ = sensitive_ || on;
    return std::move(*this);
  }

  /// A short name of the kind: "string", "number", "bool", "list", "object", "null".
  std::string type_name() const;

  /// Structural equality; marks are ignored, unknown equals nothing (not even unknown).
  friend bool operator==(const Value& a, const Value& b);

 private:
  // Lists and objects are immutable once shared: copying a value copies a pointer.
  using ListPtr = std::shared_ptr<List>;
  using ObjectPtr = std::shared_ptr<Object>;
  using Storage = std::variant<std::monostate, bool, Number, std::string, ListPtr, ObjectPtr>;
  explicit Value(Storage s) : data_(std::move(s)) {}
  template <typename T>
  static T& unshared(std::shared_ptr<T>& p) {
    if (p.use_count() > 1) p = std::make_shared<T>(*p);
    return *p;
  }

  Storage data_;
  bool unknown_ = false;
  bool sensitive_ = false;
};

/// The exact value of a number literal as written in source (`42`, `1.5e3`, `1e400`);
/// nullopt when it is beyond the limits of Number (more than Number::kMaxDigits digits
/// before or after the decimal point). The parser's only way to make numbers.
std::optional<Value> parse_number_literal(std::string_view text);

/// Formats a number the way the language writes it (Number::to_string): integers without
/// a fraction, fractions in their shortest exact decimal form, never an exponent.
inline std::string format_number(const Number& n) { return n.to_string(); }

/// Renders a value as configuration syntax (`"a"`, `42`, `["x", "y"]`, `{ a = 1 }`);
/// unknown renders as `(known after apply)`, sensitive as `(sensitive value)`.
std::string to_display(const Value& v);

}  // namespace infra::lang
