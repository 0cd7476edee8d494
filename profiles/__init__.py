"""GenericSetup profiles of provincecomuni, shipped as the subpackage provincecomuni.profiles."""
