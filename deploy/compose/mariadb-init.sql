-- This file is generated from services/registry.yaml by `make generate`. Do not edit.
-- identity: its own database and user, nothing else
CREATE DATABASE IF NOT EXISTS `marquee_identity`;
CREATE USER IF NOT EXISTS 'identity'@'%' IDENTIFIED BY 'identity-local-dev';
GRANT ALL PRIVILEGES ON `marquee_identity`.* TO 'identity'@'%';

-- catalog: its own database and user, nothing else
CREATE DATABASE IF NOT EXISTS `marquee_catalog`;
CREATE USER IF NOT EXISTS 'catalog'@'%' IDENTIFIED BY 'catalog-local-dev';
GRANT ALL PRIVILEGES ON `marquee_catalog`.* TO 'catalog'@'%';

-- audience: its own database and user, nothing else
CREATE DATABASE IF NOT EXISTS `marquee_audience`;
CREATE USER IF NOT EXISTS 'audience'@'%' IDENTIFIED BY 'audience-local-dev';
GRANT ALL PRIVILEGES ON `marquee_audience`.* TO 'audience'@'%';

-- ingest: its own database and user, nothing else
CREATE DATABASE IF NOT EXISTS `marquee_ingest`;
CREATE USER IF NOT EXISTS 'ingest'@'%' IDENTIFIED BY 'ingest-local-dev';
GRANT ALL PRIVILEGES ON `marquee_ingest`.* TO 'ingest'@'%';

-- enricher: its own database and user, nothing else
CREATE DATABASE IF NOT EXISTS `marquee_enricher`;
CREATE USER IF NOT EXISTS 'enricher'@'%' IDENTIFIED BY 'enricher-local-dev';
GRANT ALL PRIVILEGES ON `marquee_enricher`.* TO 'enricher'@'%';

-- campaigns: its own database and user, nothing else
CREATE DATABASE IF NOT EXISTS `marquee_campaigns`;
CREATE USER IF NOT EXISTS 'campaigns'@'%' IDENTIFIED BY 'campaigns-local-dev';
GRANT ALL PRIVILEGES ON `marquee_campaigns`.* TO 'campaigns'@'%';
