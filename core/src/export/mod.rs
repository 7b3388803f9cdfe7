//! Export of a design to Azure's shapes (issue 19 §3). The first format is the flat REST /
//! Resource Graph shape that import reads ([`arm::to_arm_resources`]), so import is tested
//! against it: a design exported and imported back is the same design (modulo ids).

pub mod arm;

pub use arm::to_arm_resources;
