// The words random_pet makes names of: adverbs, adjectives and animals, all lowercase
// ASCII letters, so that any separator reads well between them.
#pragma once

#include <span>
#include <string_view>

namespace infra::providers::random {

std::span<const std::string_view> pet_adverbs();
std::span<const std::string_view> pet_adjectives();
std::span<const std::string_view> pet_animals();

}  // namespace infra::providers::random
