// The word lists of random_pet. Kept friendly: nothing a name on a dashboard should not say.
#include "providers/random/pet_words.hpp"

#include <array>

namespace infra::providers::random {

namespace {

constexpr std::array<std::string_view, 96> kAdverbs = {
    "ably",        "amply",      "aptly",      "boldly",     "brightly",  "briskly",
    "busily",      "calmly",     "carefully",  "cheerfully", "cleanly",   "clearly",
    "cleverly",    "closely",    "comfortably","correctly",  "curiously", "daily",
    "deeply",      "deftly",     "eagerly",    "easily",     "evenly",    "exactly",
    "fairly",      "faithfully", "firmly",     "fondly",     "freely",    "freshly",
    "fully",       "gently",     "gladly",     "gracefully", "happily",   "hardly",
    "highly",      "honestly",   "hugely",     "humbly",     "jointly",   "jovially",
    "justly",      "keenly",     "kindly",     "largely",    "lightly",   "lively",
    "loudly",      "lovingly",   "loyally",    "luckily",    "merrily",   "mildly",
    "mostly",      "neatly",     "nicely",     "nimbly",     "noisily",   "openly",
    "overly",      "patiently",  "perfectly",  "plainly",    "politely",  "promptly",
    "properly",    "proudly",    "quickly",    "quietly",    "rapidly",   "rarely",
    "readily",     "really",     "rightly",    "safely",     "secretly",  "sharply",
    "simply",      "slowly",     "smoothly",   "softly",     "solidly",   "steadily",
    "strongly",    "sweetly",    "swiftly",    "tenderly",   "thankfully","truly",
    "vastly",      "warmly",     "wholly",     "widely",     "wildly",    "wisely",
};

constexpr std::array<std::string_view, 112> kAdjectives = {
    "able",     "agile",    "amber",    "ample",    "balmy",    "bold",     "brave",
    "bright",   "brisk",    "bubbly",   "calm",     "candid",   "careful",  "charming",
    "cheerful", "chief",    "civil",    "clean",    "clear",    "clever",   "cosmic",
    "cozy",     "crisp",    "curious",  "daring",   "dapper",   "direct",   "dreamy",
    "eager",    "earnest",  "easy",     "elegant",  "epic",     "even",     "exact",
    "fair",     "famous",   "fancy",    "fast",     "fearless", "festive",  "fine",
    "firm",     "fluent",   "fond",     "frank",    "free",     "fresh",    "friendly",
    "frosty",   "funny",    "gentle",   "giant",    "glad",     "golden",   "grand",
    "handy",    "happy",    "hardy",    "hearty",   "helpful",  "honest",   "humble",
    "jolly",    "joyful",   "just",     "keen",     "kind",     "large",    "lively",
    "lucky",    "lunar",    "magnetic", "mellow",   "merry",    "mighty",   "modest",
    "neat",     "nimble",   "noble",    "novel",    "patient",  "peaceful", "plucky",
    "polite",   "precious", "proud",    "quick",    "quiet",    "rapid",    "ready",
    "robust",   "rosy",     "rustic",   "shiny",    "silent",   "simple",   "sincere",
    "smart",    "smooth",   "snowy",    "solar",    "steady",   "sturdy",   "sunny",
    "super",    "swift",    "tidy",     "tender",   "upbeat",   "vivid",    "witty",
};

constexpr std::array<std::string_view, 164> kAnimals = {
    "aardvark", "albatross", "alpaca",    "anteater",  "antelope",  "armadillo", "badger",
    "barracuda","bat",       "beagle",    "bear",      "beaver",    "bee",       "beetle",
    "bison",    "bluejay",   "boar",      "bobcat",    "buffalo",   "bull",      "camel",
    "canary",   "capybara",  "cardinal",  "caribou",   "cat",       "catfish",   "cheetah",
    "chicken",  "chipmunk",  "cicada",    "clam",      "cobra",     "condor",    "cougar",
    "cow",      "coyote",    "crab",      "crane",     "cricket",   "crow",      "deer",
    "dingo",    "dodo",      "dog",       "dolphin",   "donkey",    "dove",      "dragonfly",
    "duck",     "eagle",     "eel",       "egret",     "elephant",  "elk",       "emu",
    "falcon",   "ferret",    "finch",     "firefly",   "flamingo",  "fox",       "frog",
    "gazelle",  "gecko",     "gerbil",    "gibbon",    "giraffe",   "gnu",       "goat",
    "goose",    "gopher",    "gorilla",   "grouse",    "gull",      "hamster",   "hare",
    "hawk",     "hedgehog",  "heron",     "hippo",     "horse",     "hound",     "ibex",
    "ibis",     "iguana",    "impala",    "jackal",    "jaguar",    "kangaroo",  "kestrel",
    "kiwi",     "koala",     "lemur",     "leopard",   "lion",      "llama",     "lobster",
    "lynx",     "macaw",     "magpie",    "manatee",   "marmot",    "meerkat",   "mink",
    "mole",     "moose",     "moth",      "mouse",     "mule",      "newt",      "ocelot",
    "octopus",  "orca",      "osprey",    "ostrich",   "otter",     "owl",       "ox",
    "panda",    "panther",   "parrot",    "pelican",   "penguin",   "pigeon",    "puffin",
    "quail",    "rabbit",
    "raccoon",  "raven",     "reindeer",  "robin",     "salmon",    "seal",      "shark",
    "sheep",    "skunk",     "sloth",     "snail",     "sparrow",   "squid",     "squirrel",
    "starling", "stork",     "swan",      "tapir",     "tiger",     "toad",      "toucan",
    "trout",    "turkey",    "turtle",    "urchin",    "vole",      "walrus",    "warthog",
    "wasp",     "weasel",    "whale",     "wolf",      "wombat",    "wren",      "yak",
    "zebra",
};

}  // namespace

std::span<const std::string_view> pet_adverbs() { return kAdverbs; }
std::span<const std::string_view> pet_adjectives() { return kAdjectives; }
std::span<const std::string_view> pet_animals() { return kAnimals; }

}  // namespace infra::providers::random
