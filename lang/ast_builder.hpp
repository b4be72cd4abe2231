// Internal to lang/: turns a PEGTL parse tree (of the rules selected in parser.cpp) into
// the AST. Only forward-declares the PEGTL node so that PEGTL stays out of headers.
#pragma once

#include <string>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"

namespace tao::pegtl::parse_tree {
struct node;
}  // namespace tao::pegtl::parse_tree

namespace infra::lang::detail {

/// Builds the body of a `file` node.
BodyPtr build_file(const tao::pegtl::parse_tree::node& file, const std::string& file_name,
                   Diagnostics& diags);

/// Builds the expression of an `expression_file` node.
ExprPtr build_expression_file(const tao::pegtl::parse_tree::node& root,
                              const std::string& file_name, Diagnostics& diags);

/// Builds the template of a `bare_template` node.
ExprPtr build_bare_template(const tao::pegtl::parse_tree::node& root,
                            const std::string& file_name, Diagnostics& diags);

}  // namespace infra::lang::detail
