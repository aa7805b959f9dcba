/**
 * A write-once store on S3: a bucket with versioning and Object Lock in COMPLIANCE mode, whose
 * default retention locks every version written ({@link io.custody.control.s3.LockedBucket}). The
 * writer needs only {@code s3:PutObject}: an overwrite adds a version and a delete adds a delete
 * marker, but no locked version can be changed or removed before its retention ends, by anyone.
 * Readers therefore address versions, not keys. Small and free of audit knowledge, so the backup
 * store can use it too.
 */
package io.custody.control.s3;
