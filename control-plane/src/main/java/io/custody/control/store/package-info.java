/**
 * The operational store: Flyway migrations ({@code db/control-plane}) and jOOQ repositories
 * (generated code under target/). Every state change is a guarded UPDATE ({@code where state =
 * from}), and the schema's triggers refuse any transition the code would not make.
 */
package io.custody.control.store;
