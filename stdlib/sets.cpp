// Set functions. The language has no set type: a set is a list without duplicates, and
// these functions return their elements in a canonical order (bools, then numbers
// ascending, then strings by bytes, then other values in first-seen order), as
// Terraform orders the elements of its sets of primitives.
#include <algorithm>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

int rank(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Bool: return 0;
    case Value::Kind::Number: return 1;
    case Value::Kind::String: return 2;
    default: return 3;
  }
}

bool canonical_less(const Value& a, const Value& b) {
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  switch (a.kind()) {
    case Value::Kind::Bool: return a.as_bool() < b.as_bool();
    case Value::Kind::Number: return a.as_number() < b.as_number();
    case Value::Kind::String: return a.as_string() < b.as_string();
    default: return false;  // stable_sort keeps first-seen order
  }
}

bool contains(const Value::List& items, const Value& v) {
  return std::find(items.begin(), items.end(), v) != items.end();
}

/// The arguments as lists; empty after setting the error when one is not a list.
std::optional<std::vector<const Value::List*>> all_lists(Args& args) {
  std::vector<const Value::List*> lists;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Value::List* items = args.list(i);
    if (!items) return std::nullopt;
    lists.push_back(items);
  }
  return lists;
}

Value setunion(Args& args) {
  auto lists = all_lists(args);
  if (!lists) return {};
  Value::List out;
  for (const Value::List* items : *lists) out.insert(out.end(), items->begin(), items->end());
  return Value::list(canonical_set(out));
}

Value setintersection(Args& args) {
  auto lists = all_lists(args);
  if (!lists) return {};
  Value::List out;
  for (const Value& v : *lists->front()) {
    bool everywhere = true;
    for (const Value::List* items : *lists) everywhere = everywhere && contains(*items, v);
    if (everywhere) out.push_back(v);
  }
  return Value::list(canonical_set(out));
}

Value setsubtract(Args& args) {
  auto lists = all_lists(args);
  if (!lists) return {};
  Value::List out;
  for (const Value& v : *(*lists)[0]) {
    if (!contains(*(*lists)[1], v)) out.push_back(v);
  }
  return Value::list(canonical_set(out));
}

Value setproduct(Args& args) {
  if (args.size() < 2) return args.fail("at least two arguments are required");
  auto lists = all_lists(args);
  if (!lists) return {};
  // Elements keep the order of their lists, the last list varying fastest.
  Value::List out{Value::list({})};
  for (const Value::List* items : *lists) {
    Value::List next;
    for (const Value& prefix : out) {
      for (const Value& v : *items) {
        Value::List row = prefix.as_list();
        row.push_back(v);
        next.push_back(Value::list(std::move(row)));
      }
    }
    out = std::move(next);
  }
  return Value::list(std::move(out));
}

}  // namespace

Value::List canonical_set(const Value::List& items) {
  Value::List out;
  for (const Value& v : items) {
    if (!contains(out, v)) out.push_back(v);
  }
  std::stable_sort(out.begin(), out.end(), canonical_less);
  return out;
}

std::vector<Function> set_functions() {
  return {
      {
          .name = "setintersection",
          .params = {"set", "sets..."},
          .doc = R"md(
            The elements that every argument holds, as a set.

            ```infra
            setintersection(["a", "b"], ["b", "c"], ["b", "d"])  # ["b"]
            ```
          )md",
          .impl = setintersection,
      },
      {
          .name = "setproduct",
          .params = {"sets..."},
          .doc = R"md(
            Every combination of one element from each argument (at least two), as lists,
            the last argument varying fastest.

            ```infra
            setproduct(["development", "staging"], ["app1", "app2"])
            # [["development", "app1"], ["development", "app2"],
            #  ["staging", "app1"], ["staging", "app2"]]
            ```
          )md",
          .impl = setproduct,
      },
      {
          .name = "setsubtract",
          .params = {"a", "b"},
          .doc = R"md(
            The elements of `a` that are not in `b`, as a set.

            ```infra
            setsubtract(["a", "b", "c"], ["a", "c"])  # ["b"]
            ```
          )md",
          .impl = setsubtract,
      },
      {
          .name = "setunion",
          .params = {"set", "sets..."},
          .doc = R"md(
            The elements that any argument holds, as a set.

            ```infra
            setunion(["a", "b"], ["b", "c"], ["d"])  # ["a", "b", "c", "d"]
            ```
          )md",
          .impl = setunion,
      },
  };
}

}  // namespace infra::stdlib
