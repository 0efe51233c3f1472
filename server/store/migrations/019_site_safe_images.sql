-- Image address prefixes a site declares safe (PATCH /api/v1/sites/:key safeImages):
-- in strict mode images under them are captured and replayed without data-einblick-unmask
-- (contract/safe-images.ts). A JSON array of at most 20 normalised prefixes.
ALTER TABLE sites ADD COLUMN safe_images TEXT NOT NULL DEFAULT '[]';
