/**
 * What the parser needs of the model beyond its public records. Not exported: these types serve the
 * receiver's own packages and may change in any release.
 */
package io.echatreceiver.model.internal;
