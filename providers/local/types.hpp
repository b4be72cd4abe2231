// The resource and data source types of the local provider: files, sensitive files,
// directories and symbolic links on the machine that runs infra. Relative paths resolve
// against the plugin's working directory, which the host sets to the user's.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::local {

/// local_file: a file written from content, content_base64, sensitive_content or a source
/// file (local_file.cpp).
sdk::Resource local_file_resource();
/// local_sensitive_file: local_file whose content is sensitive, private by default.
sdk::Resource local_sensitive_file_resource();
/// local_directory: a directory, deleted only when empty unless force_destroy
/// (local_directory.cpp).
sdk::Resource local_directory_resource();
/// local_symlink: a symbolic link (local_symlink.cpp).
sdk::Resource local_symlink_resource();

/// Data sources: local_file and local_sensitive_file (local_file_data.cpp), local_directory
/// (local_directory.cpp).
sdk::DataSource local_file_data_source();
sdk::DataSource local_sensitive_file_data_source();
sdk::DataSource local_directory_data_source();

}  // namespace infra::providers::local
