// Text dumps of the AST and of a Module, for golden tests and debugging. The format is
// for people reading test expectations; nothing parses it back.
#pragma once

#include <string>

#include "lang/ast.hpp"
#include "lang/config.hpp"

namespace infra::lang {

/// One line, S-expression style: `(+ (ref var.a) 1)`, `(template "x-" (ref local.y))`.
std::string dump(const Expr& expr);

/// One line per attribute, nested blocks indented by two spaces per level.
std::string dump(const Body& body, int indent = 0);

/// Every declaration of a module, in file order, with its position.
std::string dump(const Module& module);

}  // namespace infra::lang
