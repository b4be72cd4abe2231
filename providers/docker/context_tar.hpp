// Build contexts as tar streams: a small ustar writer for regular files, directories and
// symbolic links, in a fixed order with fixed owners and times, so that the same tree gives
// the same bytes and its SHA-256 says whether anything in it changed.
#pragma once

#include <filesystem>
#include <string>

namespace infra::providers::docker {

/// The tree under `dir` as a ustar archive (paths relative to `dir`, sorted; owner 0,
/// modification time 0). Throws sdk::Error for a missing directory, an unreadable file or a
/// path too long for ustar; other kinds of files (sockets, devices) are left out.
std::string tar_directory(const std::filesystem::path& dir);

/// Hex SHA-256 of `data`.
std::string sha256_hex(const std::string& data);

/// The content of the file at `path`; throws sdk::Error when it cannot be read.
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace infra::providers::docker
