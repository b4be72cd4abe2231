// Template assembly (see template_assembly.hpp). Directives arrive flat from the grammar,
// as HCL's scanner delivers them; pairing them here lets an unclosed `%{ if }` be reported
// at the `%{ if }` itself rather than at the end of the string.
#include "lang/template_assembly.hpp"

#include <algorithm>

#include "lang/unicode.hpp"

namespace infra::lang::detail {
namespace {

using Kind = TemplatePiece::Kind;

/// Deeper directive nesting is an error, so that the recursive passes stay shallow.
constexpr int kMaxDirectiveNesting = 64;

const char* keyword(Kind k) {
  switch (k) {
    case Kind::If: return "%{ if }";
    case Kind::Else: return "%{ else }";
    case Kind::EndIf: return "%{ endif }";
    case Kind::For: return "%{ for }";
    case Kind::EndFor: return "%{ endfor }";
    default: return "";
  }
}

std::string at(const SourceRange& r) {
  return std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

void strip_markers(std::span<TemplatePiece> pieces) {
  constexpr const char* kSpace = " \t\r\n";
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].kind == Kind::Text) continue;
    if (pieces[i].strip_before && i > 0 && pieces[i - 1].kind == Kind::Text) {
      std::string& t = pieces[i - 1].text;
      const std::size_t keep = t.find_last_not_of(kSpace);
      t.erase(keep == std::string::npos ? 0 : keep + 1);
    }
    if (pieces[i].strip_after && i + 1 < pieces.size() && pieces[i + 1].kind == Kind::Text) {
      std::string& t = pieces[i + 1].text;
      t.erase(0, std::min(t.find_first_not_of(kSpace), t.size()));
    }
  }
}

class Pairer {
 public:
  Pairer(std::span<TemplatePiece> pieces, Diagnostics& diags) : pieces_(pieces), diags_(diags) {}

  std::vector<TemplatePart> top() {
    std::vector<TemplatePart> out = sequence(0);
    while (i_ < pieces_.size()) {  // a closer without an opener
      const TemplatePiece& p = pieces_[i_++];
      const char* opener = p.kind == Kind::EndFor ? "%{ for }" : "%{ if }";
      diags_.error(p.range, std::string(keyword(p.kind)) + " without a matching " + opener);
      std::vector<TemplatePart> rest = sequence(0);
      for (TemplatePart& r : rest) out.push_back(std::move(r));
    }
    return out;
  }

 private:
  /// Parts up to (not including) the next else/endif/endfor or the end.
  std::vector<TemplatePart> sequence(int depth) {
    std::vector<TemplatePart> out;
    // Text pieces come merged: at the top, each piece makes at most one part.
    if (depth == 0) out.reserve(pieces_.size() - i_);
    while (i_ < pieces_.size()) {
      TemplatePiece& p = pieces_[i_];
      switch (p.kind) {
        case Kind::Text:
          if (!p.text.empty()) append_text(out, p.text);
          ++i_;
          break;
        case Kind::Interpolation:
          out.push_back(TemplatePart{{}, std::move(p.expr)});
          ++i_;
          break;
        case Kind::If:
        case Kind::For:
          if (depth >= kMaxDirectiveNesting) {
            diags_.error(p.range, "template directives are nested too deeply (the limit is " +
                                      std::to_string(kMaxDirectiveNesting) + " levels)");
            i_ = pieces_.size();
            return out;
          }
          if (ExprPtr e = p.kind == Kind::If ? if_directive(depth) : for_directive(depth)) {
            out.push_back(TemplatePart{{}, std::move(e)});
          }
          break;
        default:
          return out;
      }
    }
    return out;
  }

  static void append_text(std::vector<TemplatePart>& out, std::string& text) {
    if (out.empty() || out.back().expr) {
      out.push_back(TemplatePart{std::move(text), nullptr});
    } else {
      out.back().text += text;
    }
  }

  /// Consumes the closer `want` of the opener `open`; reports an unclosed or mismatched
  /// directive at the opener.
  bool close(const TemplatePiece& open, Kind want) {
    if (i_ < pieces_.size() && pieces_[i_].kind == want) {
      ++i_;
      return true;
    }
    std::string found = "the end of the template";
    if (i_ < pieces_.size()) found = std::string(keyword(pieces_[i_].kind)) + " at " + at(pieces_[i_].range);
    diags_.error(open.range, std::string("expected ") + keyword(want) + " to close the " +
                                 keyword(open.kind) + " opened at " + at(open.range) +
                                 ", found " + found);
    // Skip the wrong closer so that the rest still pairs up.
    if (i_ < pieces_.size()) ++i_;
    return false;
  }

  ExprPtr if_directive(int depth) {
    const TemplatePiece& open = pieces_[i_++];
    TemplateIf node{open.expr, sequence(depth + 1), {}};
    if (i_ < pieces_.size() && pieces_[i_].kind == Kind::Else) {
      ++i_;
      node.otherwise = sequence(depth + 1);
    }
    const bool ok = close(open, Kind::EndIf);
    return make(std::move(node), open, ok);
  }

  ExprPtr for_directive(int depth) {
    const TemplatePiece& open = pieces_[i_++];
    TemplateFor node{open.key_name, open.value_name, open.expr, sequence(depth + 1)};
    const bool ok = close(open, Kind::EndFor);
    return make(std::move(node), open, ok);
  }

  ExprPtr make(ExprNode node, const TemplatePiece& open, bool ok) {
    if (!ok) return nullptr;
    const SourceRange& end = pieces_[i_ - 1].range;
    return std::make_shared<const Expr>(
        Expr{std::move(node), SourceRange{open.range.file, open.range.begin, end.end}});
  }

  std::span<TemplatePiece> pieces_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
};

void normalise(std::span<TemplatePiece> pieces) {
  for (TemplatePiece& p : pieces) {
    if (p.kind == Kind::Text) normalise_text(p.text);
  }
}

}  // namespace

void normalise_text(std::string& text) {
  if (!std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    text = nfc(text);
  }
}

void strip_shared_indentation(std::vector<TemplatePiece>& pieces, std::size_t first,
                              std::span<const std::size_t> line_ends) {
  const auto is_blank = [&](std::size_t begin, std::size_t end) {
    return end == begin + 1 && pieces[begin].kind == Kind::Text &&
           pieces[begin].text.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  const auto indentation = [](const std::string& text) {
    return std::min(text.find_first_not_of(" \t"), text.size());
  };
  std::size_t shared = std::string::npos;
  std::size_t begin = first;
  for (const std::size_t end : line_ends) {
    if (!is_blank(begin, end)) {
      const TemplatePiece& start = pieces[begin];
      shared = std::min(shared, start.kind == Kind::Text ? indentation(start.text) : 0);
    }
    begin = end;
  }
  if (shared == 0 || shared == std::string::npos) return;
  begin = first;
  for (const std::size_t end : line_ends) {
    if (!is_blank(begin, end)) pieces[begin].text.erase(0, shared);
    begin = end;
  }
}

std::vector<TemplatePart> assemble_template(std::span<TemplatePiece> pieces, Diagnostics& diags) {
  strip_markers(pieces);
  normalise(pieces);
  return Pairer(pieces, diags).top();
}

}  // namespace infra::lang::detail
