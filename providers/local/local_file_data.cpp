// The local_file and local_sensitive_file data sources: read a file that exists, made by
// whatever made it; the sensitive one never shows the content.
#include "providers/local/attributes.hpp"
#include "providers/local/content.hpp"
#include "providers/local/file_ops.hpp"
#include "providers/local/types.hpp"

namespace infra::providers::local {
namespace {

using sdk::json;

sdk::DataSource file_data_source(bool sensitive) {
  sdk::DataSource source;
  source.schema.description = sensitive
                                  ? "Reads a file with secret content on the machine that runs infra."
                                  : "Reads a file on the machine that runs infra.";
  source.schema.attributes = {
      {.name = "filename", .required = true, .description = "Path of the file to read."},
      {.name = "content",
       .computed = true,
       .sensitive = sensitive,
       .description = "The file's content, as text."},
      {.name = "content_base64",
       .computed = true,
       .sensitive = sensitive,
       .description = "The file's content, base64-encoded (for binary files)."},
  };
  for (Attribute& a : hash_attributes()) source.schema.attributes.push_back(std::move(a));
  source.read = [](const json& config) {
    const std::string filename = string_attr(config, "filename");
    const auto file = read_file(filename);
    if (!file) {
      throw sdk::Error("cannot read \"" + filename + "\": no such file",
                       json::array({"filename"}));
    }
    json state = {{"filename", filename},
                  {"content", file->content},
                  {"content_base64", base64_encode(file->content)}};
    set_hashes(state, file->content);
    return state;
  };
  return source;
}

}  // namespace

sdk::DataSource local_file_data_source() { return file_data_source(false); }
sdk::DataSource local_sensitive_file_data_source() { return file_data_source(true); }

}  // namespace infra::providers::local
