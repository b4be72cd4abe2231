// The `local_file` data source: reads a file that exists, made by whatever made it.
#include <openssl/evp.h>

#include "providers/local/file_ops.hpp"
#include "providers/local/local_file.hpp"

namespace infra::providers::local {
namespace {

using sdk::json;

Attribute attribute(const char* name, bool required, const char* description) {
  Attribute a;
  a.name = name;
  a.required = required;
  a.computed = !required;
  a.description = description;
  return a;
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

sdk::DataSource local_file_data_source() {
  sdk::DataSource source;
  source.schema.description = "Reads a file on the machine that runs infra.";
  source.schema.attributes = {
      attribute("filename", true, "Path of the file to read."),
      attribute("content", false, "The file's content, as text."),
      attribute("content_base64", false, "The file's content, base64-encoded (for binary files)."),
      attribute("id", false, "The SHA-1 of the content, in hex."),
      attribute("content_sha256", false, "The SHA-256 of the content, in hex."),
  };
  source.read = [](const json& config) {
    const std::string filename = config.at("filename").get<std::string>();
    const auto file = read_file(filename);
    if (!file) {
      throw sdk::Error("cannot read \"" + filename + "\": no such file",
                       json::array({"filename"}));
    }
    return json{{"filename", filename},
                {"content", file->content},
                {"content_base64", base64(file->content)},
                {"id", sha1_hex(file->content)},
                {"content_sha256", sha256_hex(file->content)}};
  };
  return source;
}

}  // namespace infra::providers::local
